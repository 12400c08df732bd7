"""The facilitator console and the players' view: Textual faces on a journaled exercise."""
