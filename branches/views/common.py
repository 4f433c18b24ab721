"""Small helpers the views of every app share."""

from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.utils.http import content_disposition_header

from ..imports import XLSX_CONTENT_TYPE


def add_service_errors(form: Form, error: ValidationError) -> None:
    """Show a service's refusal on the form: on the field it names, else above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    """An Excel workbook as a download named `filename`."""
    return HttpResponse(
        data,
        content_type=XLSX_CONTENT_TYPE,
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )
