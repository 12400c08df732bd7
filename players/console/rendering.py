"""Drawing an inject the way its channel looks: a post card, a headline, a report, an email.

Rich renderables only (no Textual), so the console, the players' view and the docs' screenshots
draw injects the same way. Facilitator notes and discussion questions are drawn only when
`facilitator` is true: the players' view never passes it.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.markdown import Markdown
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from engine.format.model import Attachment, ChannelKind
from engine.format.scenario_time import format_clock
from players.console.content import InjectContent


def compact_number(value: int) -> str:
    """1234 → 1.2K, 1100000000 → 1.1B: counts as a social app shows them."""
    for size, suffix in ((1_000_000_000, "B"), (1_000_000, "M"), (1_000, "K")):
        if value >= size:
            shown = f"{value / size:.1f}".removesuffix(".0")
            return f"{shown}{suffix}"
    return str(value)


def _when(content: InjectContent) -> str:
    if content.clock is None:
        return f"not delivered ({content.status})"
    return format_clock(content.clock, content.calendar)


def _social(content: InjectContent) -> RenderableType:
    post = content.post
    name = (post.display_name if post else "") or content.sender or content.channel
    handle = (post.handle if post else "") or content.sender_handle
    head = Text.assemble((name, "bold"), "  ", (handle, "dim"), "  · ", (_when(content), "dim"))
    parts: list[RenderableType] = [head, Text(content.title, style="bold")]
    if content.body.strip():
        parts.append(Markdown(content.body))
    if post is not None:
        if post.hashtags:
            parts.append(Text(" ".join(f"#{tag}" for tag in post.hashtags), style="bold blue"))
        stats = Text.assemble(
            ("♥ ", "red"),
            compact_number(post.likes),
            "   ",
            ("⇄ ", "green"),
            compact_number(post.shares),
            "   ",
            ("✉ ", "cyan"),
            compact_number(post.comments),
            "   ",
            ("▶ ", "magenta"),
            compact_number(post.views),
            " views",
        )
        parts.append(stats)
    return Panel(
        Group(*parts), title=Text(content.channel), title_align="left", border_style="blue"
    )


def _news(content: InjectContent) -> RenderableType:
    parts: list[RenderableType] = [
        Text(content.channel.upper(), style="bold italic"),
        Rule(style="dim"),
        Text(content.title, style="bold reverse"),
        Text(_when(content) + (f" · {content.sender}" if content.sender else ""), style="dim"),
    ]
    if content.body.strip():
        parts.append(Markdown(content.body))
    return Group(*parts)


def _header(content: InjectContent, heading: str) -> Table:
    table = Table.grid(padding=(0, 1))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    table.add_row(heading, Text(content.channel, style="bold"))
    if content.sender:
        table.add_row("FROM", content.sender)
    table.add_row("TO", ", ".join(content.recipients) or "all cells")
    table.add_row("DTG", _when(content))
    table.add_row("SUBJECT", Text(content.title, style="bold"))
    return table


def _intel(content: InjectContent) -> RenderableType:
    header = Panel(_header(content, "REPORT"), border_style="yellow", title="INTELLIGENCE")
    return Group(header, Markdown(content.body or "_(no text)_"))


def _email(content: InjectContent) -> RenderableType:
    return Group(_header(content, "MAIL"), Rule(style="dim"), Markdown(content.body or ""))


def _plain(content: InjectContent) -> RenderableType:
    parts: list[RenderableType] = [
        Text(content.title, style="bold"),
        Text(f"{content.channel} · {_when(content)}", style="dim"),
    ]
    if content.body.strip():
        parts.append(Markdown(content.body))
    return Group(*parts)


def _facilitator(content: InjectContent) -> RenderableType | None:
    rows: list[RenderableType] = []
    if content.notes.strip():
        rows.append(Text.assemble(("Notes: ", "bold"), content.notes.strip()))
    for question in content.questions:
        rows.append(Text.assemble(("? ", "bold cyan"), question))
    for action in content.expected_actions:
        rows.append(Text.assemble(("→ ", "bold green"), action))
    if content.objectives:
        rows.append(Text("Objectives: " + "; ".join(content.objectives), style="dim"))
    if content.provenance:
        rows.append(Text.assemble(("Source: ", "bold"), (content.provenance, "dim")))
    if not rows:
        return None
    return Panel(Group(*rows), title="facilitator only", border_style="yellow")


def _attachment(attachment: Attachment) -> Text:
    """An attachment in a terminal: its alt text, its caption and its file, never markup."""
    caption = f" — {attachment.title}" if attachment.title else ""
    return Text.assemble(
        ("📎 ", "bold"), (attachment.alt, "italic"), caption, (f"  ({attachment.file})", "dim")
    )


def render_inject(content: InjectContent, *, facilitator: bool) -> RenderableType:
    """An inject drawn by its channel's kind, with facilitator notes when asked for."""
    if content.kind is ChannelKind.SOCIAL:
        main = _social(content)
    elif content.kind is ChannelKind.NEWS:
        main = _news(content)
    elif content.kind is ChannelKind.INTEL:
        main = _intel(content)
    elif content.kind is ChannelKind.EMAIL:
        main = _email(content)
    else:
        main = _plain(content)
    if content.adhoc and facilitator:  # the room sees it as any other inject of its channel
        main = Group(Text("AD HOC", style="bold reverse magenta"), main)
    if content.attachments:
        main = Group(main, *(_attachment(item) for item in content.attachments))
    extra = _facilitator(content) if facilitator else None
    return Group(main, extra) if extra is not None else main
