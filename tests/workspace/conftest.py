"""The Circular 14 cast (shared with tests/reporting) for the pages that join the plan and the reports: the
"Chờ tôi xử lý" panel and the header's search."""

from reporting import services as reporting_services
from tests.reporting.conftest import (  # noqa: F401
    BIEU02,
    cluster,
    commune,
    commune_agency,
    commune_reporter,
    far_cluster,
    half_year,
    investor,
    investor_agency,
    other_commune,
    other_investor,
    other_investor_agency,
    report_forms,
    sibling_cluster,
)


def send_bieu02(reporter, period, forms, subject):
    """``reporter`` sends a complete Biểu 02 of ``subject`` for ``period``: it waits for the Department."""
    return reporting_services.submission_save(
        actor=reporter,
        period=period,
        form=forms["02"],
        cluster=subject,
        values=BIEU02,
        submit=True,
        signer_name="Nguyễn Văn A",
        signer_title="Giám đốc",
    )
