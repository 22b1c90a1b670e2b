"""
Checking uploaded PDFs before they are stored: a real PDF, not too big, not encrypted.

Used for every PDF the portal accepts (supporting documents now, board papers later). pikepdf (qpdf)
parses the file: a renamed image or a truncated download is refused with a message the officer can act
on, and nothing is stored.
"""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from .documents.rendering import PdfFacts, is_tagged

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def check_pdf(
    upload: UploadedFile, *, max_bytes: int = DEFAULT_MAX_BYTES, label: str = "The selected file"
) -> PdfFacts:
    """Refuse anything but a readable, unencrypted PDF of at most `max_bytes`; say what it holds."""
    import pikepdf

    if upload.size == 0:
        raise ValidationError(f"{label} is empty", code="empty")
    if upload.size > max_bytes:
        raise ValidationError(f"{label} must be smaller than {_size(max_bytes)}", code="too_big")
    upload.seek(0)
    if upload.read(5) != b"%PDF-":
        raise ValidationError(f"{label} must be a PDF", code="not_pdf")
    upload.seek(0)
    try:
        # Without qpdf's recovery: a truncated download "recovered" opens as blank pages (issue 7's walk),
        # so a file that needs repairing is refused as damaged. A PDF a viewer shows, but whose cross-
        # reference table is wrong, is refused too: saved again from the viewer, it uploads.
        with pikepdf.open(upload, attempt_recovery=False) as pdf:
            if pdf.is_encrypted:
                raise ValidationError(
                    f"{label} is protected by a password or encryption: upload a copy that opens without one",
                    code="encrypted",
                )
            facts = PdfFacts(pages=len(pdf.pages), tagged=is_tagged(pdf), lang=str(pdf.Root.get("/Lang", "")))
    except pikepdf.PasswordError as error:
        raise ValidationError(
            f"{label} is protected by a password: upload a copy that opens without one", code="encrypted"
        ) from error
    except pikepdf.PdfError as error:
        raise ValidationError(
            f"{label} is damaged or is not a PDF: it could not be read", code="unreadable"
        ) from error
    finally:
        upload.seek(0)
    if facts.pages == 0:
        raise ValidationError(f"{label} has no pages", code="no_pages")
    return facts


def _size(size: int) -> str:
    """20 MB, 500 KB: as GOV.UK writes file sizes (no non-breaking space, which a message may not survive)."""
    megabytes = size / (1024 * 1024)
    if megabytes >= 1:
        return f"{megabytes:g} MB" if megabytes == int(megabytes) else f"{megabytes:.1f} MB"
    return f"{max(1, round(size / 1024))} KB"
