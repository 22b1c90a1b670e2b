"""
What a Board decision's page links to in consultations (boards.links.decision_links): the public
consultation held on the draft it approved, which shows the text consulted on. Registered in
ConsultationsConfig.ready().
"""

from .models import Consultation


def decision_links(decision) -> list[tuple[str, str]]:
    """(label, url) for each open or closed consultation held on the strength of `decision`."""
    consultations = Consultation.objects.public().filter(decision=decision).select_related("board")
    return [
        (f"The consultation “{consultation.title}”", consultation.get_absolute_url())
        for consultation in consultations.order_by("opens_at", "pk")
    ]
