"""A meeting paper as Markdown."""

from flask_babel import gettext as _

from arm.meetings.exports.content import Paper, PaperAmendment, PaperDecision, PaperItem


def _markdown_lines(paper: Paper) -> list[str]:
    lines = [f"# {paper.heading}: {paper.meeting_title}", ""]
    if paper.cancelled:
        lines += [f"**{_('Kokous on peruttu.')}**", ""]
    lines += [f"- **{label}:** {value}" for label, value in paper.details]
    lines.append("")
    if paper.attendance:
        lines += [f"## {_('Osallistujat') if paper.is_minutes else _('Kutsutut')}", ""]
        for group in paper.attendance:
            if paper.is_minutes:
                lines += [f"### {group.label} ({len(group.people)})", ""]
            lines += [f"- {person}" for person in group.people]
            lines.append("")
    lines += [f"## {_('Käsiteltävät asiat')}", ""]
    for item in paper.items:
        lines += _markdown_item(paper, item)
    lines += [paper.duration_summary, ""]
    if paper.options.backlog:
        lines += [f"## {_('Odottavat asiat')}", ""]
        lines += [f"- {_item_line(item)}" for item in paper.backlog] or [_("Ei odottavia asioita."), ""]
        lines.append("")
    if paper.amendments:
        lines += [f"## {_('Muistion korjaukset')}", ""]
        for amendment in paper.amendments:
            lines += [f"- {_amendment_heading(amendment)}", "", _indent(amendment.text), ""]
    if paper.options.footer:
        lines += ["---", "", paper.options.footer, ""]
    return lines


def _item_line(item: PaperItem) -> str:
    facts = [fact for fact in (_presenter_text(item), _duration_text(item)) if fact]
    return f"{item.title} ({', '.join(facts)})" if facts else item.title


def _presenter_text(item: PaperItem) -> str:
    return _("Esittelijä: %(name)s", name=item.presenter) if item.presenter else ""


def _duration_text(item: PaperItem) -> str:
    return _("%(minutes)d min", minutes=item.duration_minutes) if item.duration_minutes is not None else ""


def _decision_action_text(decision: PaperDecision) -> str:
    if not decision.action_title:
        return ""
    facts = [
        _("vastuuhenkilö %(name)s", name=decision.action_owner) if decision.action_owner else "",
        _("valmis viimeistään %(date)s", date=decision.action_due) if decision.action_due else "",
    ]
    facts = [fact for fact in facts if fact]
    text = _("Uusi toimenpide: %(title)s", title=decision.action_title)
    return f"{text} ({', '.join(facts)})" if facts else text


def _amendment_heading(amendment: PaperAmendment) -> str:
    parts = [amendment.created_on, amendment.author, amendment.item_title]
    return " · ".join(part for part in parts if part)


def _indent(text: str) -> str:
    return "\n".join(f"  {line}" if line else "" for line in text.splitlines())


def _markdown_item(paper: Paper, item: PaperItem) -> list[str]:
    lines = [f"### {item.number}. {item.title}", ""]
    facts = [fact for fact in (_presenter_text(item), _duration_text(item)) if fact]
    if facts:
        lines += [" · ".join(facts), ""]
    if item.description:
        lines += [item.description, ""]
    if paper.is_minutes and item.minutes:
        lines += [f"**{_('Muistiinpanot')}:**", "", item.minutes, ""]
    if paper.options.outcomes and item.outcome:
        lines += [f"**{_('Käsittelyn tulos')}:** {item.outcome}", ""]
    if paper.is_minutes and item.decisions:
        lines += [f"**{_('Päätökset')}:**", ""]
        for decision in item.decisions:
            lines.append(f"- {_one_line(decision.text)}")
            if action := _decision_action_text(decision):
                lines.append(f"  - {action}")
        lines.append("")
    return lines


def _one_line(text: str) -> str:
    return " ".join(text.split())


def paper_markdown(paper: Paper) -> str:
    return "\n".join(_markdown_lines(paper)).rstrip() + "\n"
