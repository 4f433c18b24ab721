"""Factories for documents; the tree and people come from branches' factories."""

from branches.tests.factories import MemberFactory, OrganizationFactory, RoleFactory, TermFactory, UserFactory

__all__ = ["FINISHED_BODY", "MemberFactory", "OrganizationFactory", "RoleFactory", "TermFactory", "UserFactory"]

# A body fit to approve and issue (documents.guard finds nothing left in it): tests that take a
# document through approval or issue give it this rather than an empty body.
FINISHED_BODY = (
    "<p>Chi bộ thống nhất tổ chức sinh hoạt chuyên đề vào ngày 15 hằng tháng tại Nhà văn hóa tổ dân phố; "
    "giao đồng chí Bí thư chi bộ chuẩn bị nội dung, báo cáo Đảng ủy phường kết quả thực hiện.</p>"
)
