"""The rules of play: commands, the session and its handlers, the state, its fold, the lifecycle."""
