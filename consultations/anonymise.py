"""
Residents' words quoted in the public report, with what would most plainly identify someone taken out:
email addresses, UK phone numbers and postcodes (docs/decisions/0018-you-said-we-did-and-the-report.md).

Names are not found: no pattern tells "Mrs Patel" from "Thurrock Council" or "Grays", so the report
quotes a comment only from a theme that at least SMALL comments share (report.py), the shortest first,
and the page says that comments are quoted with contact details removed. Redacting errs on the side of
taking too much out ("B4 2pm" reads as a postcode): a quotation with a gap is still a quotation.
"""

import re

EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
# A UK number: +44 (optionally "(0)") or a leading 0, then 9 or 10 more digits, spaced, dashed or
# bracketed in any way people write them ("01375 652 000", "+44 (0)20 7946 0958", "07700-900123").
PHONE = re.compile(r"(?<![\w+])(?:\+\s?44\s?(?:\(0\)\s?)?|0)(?:[\s\-.()]*\d){9,10}(?![\d])")
# A full UK postcode, whatever its case and spacing ("RM17 6SL", "rm176sl", "SW1A 1AA"). An outward
# code alone ("RM17") names a district of thousands, and stays.
POSTCODE = re.compile(r"\b(?:GIR\s?0AA|[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2})\b", re.IGNORECASE)

EMAIL_REMOVED = "[email address removed]"
PHONE_REMOVED = "[phone number removed]"
POSTCODE_REMOVED = "[postcode removed]"


def redact(text: str) -> str:
    """`text` with email addresses, phone numbers and postcodes replaced by a note saying so."""
    text = EMAIL.sub(EMAIL_REMOVED, text)
    text = PHONE.sub(PHONE_REMOVED, text)
    return POSTCODE.sub(POSTCODE_REMOVED, text)
