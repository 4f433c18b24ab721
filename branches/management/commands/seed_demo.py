"""Demo data from the seed articles (published reports of congress rounds, docs/domain.md), entered through the services a clerk uses.

Runs once: a second run finds the data and changes nothing. Prints the demo logins.
"""

import random
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction

from branches.management.demo import DemoCommand
from branches.models import Organization, Role, RoleKind, Term
from branches.people import make_person
from branches.services.attached import attached_member_create
from branches.services.committees import committee_seat_add
from branches.services.members import member_create
from branches.services.organizations import organization_create

DEMO_PASSWORD = "demo-2026"
TODAY = date(2022, 4, 1)  # the members as they stood before the 2022–2025 round

# (name, kind, sector, short name, place, members, children)
TREE = [
    ("Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh Bến Tre", "superior", "agency", "ĐUK", "Bến Tre", 0, [
        ("Đảng bộ Sở Công Thương", "grassroots_committee", "agency", "ĐU", "Bến Tre", 0, [
            ("Chi bộ Nghiệp vụ", "branch", "agency", "CB", "Bến Tre", 14, []),
            ("Chi bộ Văn phòng", "branch", "agency", "CB", "Bến Tre", 11, []),
            ("Chi bộ Trung tâm Khuyến công và Xúc tiến thương mại", "branch", "public_service", "CB", "Bến Tre", 10, []),
        ]),
    ]),
    ("Đảng bộ thị xã Kỳ Anh", "superior", "commune", "ThU", "Kỳ Anh", 0, [
        ("Đảng bộ phường Kỳ Trinh", "grassroots_committee", "commune", "ĐU", "Kỳ Trinh", 0, [
            ("Chi bộ TDP Hoàng Trinh", "branch", "residential", "CB", "Kỳ Trinh", 34, []),
            ("Chi bộ Trạm Y tế", "branch", "public_service", "CB", "Kỳ Trinh", 9, []),
            ("Chi bộ Công an", "branch", "police", "CB", "Kỳ Trinh", 10, []),
            ("Chi bộ Quyền Thượng", "branch", "residential", "CB", "Kỳ Trinh", 28, []),
            ("Chi bộ TDP Quyền Hành", "branch", "residential", "CB", "Kỳ Trinh", 26, []),
            ("Chi bộ TDP Hòa Lộc", "branch", "residential", "CB", "Kỳ Trinh", 24, []),
            ("Chi bộ TDP Trung Tiến", "branch", "residential", "CB", "Kỳ Trinh", 30, []),
            ("Chi bộ TDP Tân Phúc", "branch", "residential", "CB", "Kỳ Trinh", 22, []),
            ("Chi bộ Quân sự", "branch", "military", "CB", "Kỳ Trinh", 9, []),
            ("Chi bộ Trường Tiểu học Kỳ Trinh", "branch", "school", "CB", "Kỳ Trinh", 12, []),
            ("Chi bộ Trường Mầm non Kỳ Trinh", "branch", "school", "CB", "Kỳ Trinh", 10, []),
        ]),
    ]),
    ("Đảng bộ Khối các cơ quan tỉnh Lạng Sơn", "superior", "agency", "ĐUK", "Lạng Sơn", 0, [
        ("Đảng bộ VNPT Lạng Sơn", "grassroots_committee", "enterprise", "ĐU", "Lạng Sơn", 0, [
            ("Chi bộ Trung tâm kinh doanh", "branch", "enterprise", "CB", "Lạng Sơn", 18, []),
            ("Chi bộ Trung tâm Hạ tầng mạng", "branch", "enterprise", "CB", "Lạng Sơn", 15, []),
        ]),
        ("Đảng bộ Cục Thuế tỉnh Lạng Sơn", "grassroots_committee", "agency", "ĐU", "Lạng Sơn", 0, [
            ("Chi bộ I", "branch", "agency", "CB", "Lạng Sơn", 12, []),
            ("Chi bộ II", "branch", "agency", "CB", "Lạng Sơn", 11, []),
            ("Chi bộ III", "branch", "agency", "CB", "Lạng Sơn", 13, []),
        ]),
    ]),
]

# The previous term of each grassroots committee's branches, as the seed articles name it.
PREVIOUS_TERM = {
    "Đảng bộ Sở Công Thương": (2020, 2022),
    "Đảng bộ phường Kỳ Trinh": (2019, 2022),
    "Đảng bộ VNPT Lạng Sơn": (2020, 2022),
    "Đảng bộ Cục Thuế tỉnh Lạng Sơn": (2020, 2022),
}
# Previous-term committees that are not the rule's (reporting/demo.py reproduces the 2022 round):
# Sở Công Thương's three branches had 9 committee members in 2020–2022, as in 2022–2025 ("không
# tăng so với nhiệm kỳ trước"); the two smaller ones still had 9 official members then.
PREVIOUS_COMMITTEE_SIZES = {"Chi bộ Văn phòng": 3, "Chi bộ Trung tâm Khuyến công và Xúc tiến thương mại": 3}
TERMS = [(2015, 2020), (2017, 2020), (2019, 2022), (2020, 2022), (2020, 2025), (2022, 2025), (2025, 2030)]

# A member temporarily active in a demo branch while a member elsewhere (docs/domain.md §1.4): the
# congresses of the branch summon them as a guest, who neither votes nor counts in the base.
ATTACHED = [
    ("Chi bộ TDP Hoàng Trinh", "Trần Văn Khải", "Chi bộ Phòng Kỹ thuật, Đảng bộ Công ty Điện lực Hà Tĩnh",
     date(2022, 3, 1), "Sinh hoạt tạm thời trong thời gian công tác tại địa bàn, theo giấy giới thiệu của "
     "Đảng ủy Công ty."),
]

# username, full name, role, organisation, what they show
USERS = [
    ("vanphong", "Lê Thị Hoa", RoleKind.CLERK, "Đảng bộ phường Kỳ Trinh", "clerk of a grassroots committee (superior of 11 branches)"),
    ("lanhdao", "Nguyễn Văn Trung", RoleKind.LEADER, "Đảng bộ phường Kỳ Trinh", "leader of a superior (approves and ratifies)"),
    ("chibo", "Trần Thị Lan", RoleKind.CLERK, "Chi bộ TDP Hoàng Trinh", "clerk of one branch"),
    ("nhapphieu", "Đỗ Văn Bình", RoleKind.CLERK, "Chi bộ Công an", "clerk of a branch, second ballot operator"),
    ("theodoi", "Phạm Minh Tuấn", RoleKind.VIEWER, "Đảng bộ Khối các cơ quan tỉnh Lạng Sơn", "viewer of a bloc committee"),
    ("congthuong", "Huỳnh Thị Thu", RoleKind.CLERK, "Đảng bộ Sở Công Thương", "clerk of Sở Công Thương Bến Tre"),
]


class Command(DemoCommand):
    help = "Load the demo organisations, members, committees and users (once)."

    def handle(self, *args, **options):
        User = get_user_model()
        if Organization.objects.filter(name=TREE[0][0]).exists():
            self.stdout.write("Demo data already loaded.")
        else:
            self._load(User)
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self._print_logins()

    def _load(self, User):
        rng = random.Random(2022)
        admin = User.objects.filter(username="admin").first() or User.objects.create_superuser(
            "admin", "admin@localhost", DEMO_PASSWORD, full_name="Quản trị hệ thống"
        )
        for start, end in TERMS:
            Term.objects.get_or_create(start_year=start, end_year=end)
        by_name: dict[str, Organization] = {}

        def build(nodes, parent):
            for name, kind, sector, short, place, size, children in nodes:
                org = organization_create(
                    acting_user=admin, parent=parent, name=name, kind=kind, sector=sector,
                    short_name=short, place_name=place,
                )
                by_name[name] = org
                for _ in range(size):
                    person = make_person(rng, today=TODAY, minority_share=0.3 if "Lạng Sơn" in place else 0.02)
                    member_create(acting_user=admin, organization=org, **vars(person))
                build(children, org)

        build(TREE, None)

        for committee_name, (start, end) in PREVIOUS_TERM.items():
            term = Term.objects.get(start_year=start, end_year=end)
            # Re-read: the instance from creation still counts no children (numchild).
            committee = Organization.objects.get(pk=by_name[committee_name].pk)
            for branch in Organization.objects.get_children(committee):
                self._seat_committee(admin, rng, branch, term)

        for org_name, full_name, home, since, notes in ATTACHED:
            attached_member_create(
                acting_user=admin, organization=by_name[org_name], full_name=full_name, home_organization=home,
                attached_from=since, notes=notes,
            )

        with transaction.atomic():
            for username, full_name, kind, org_name, _ in USERS:
                user = User.objects.filter(username=username).first()
                if user is None:
                    user = User.objects.create_user(
                        username, f"{username}@example.org", password=DEMO_PASSWORD, full_name=full_name,
                        signing_position="BÍ THƯ" if kind == RoleKind.LEADER else "",
                    )
                Role.objects.get_or_create(user=user, organization=by_name[org_name], kind=kind)

    def _seat_committee(self, admin, rng, branch, term):
        """A committee (chi ủy) of 3 for a branch with 9+ official members, else a secretary and a
        deputy (unless PREVIOUS_COMMITTEE_SIZES says otherwise)."""
        officials = list(branch.members.filter(membership="official", situation="none").order_by("pk"))
        rng.shuffle(officials)
        size = PREVIOUS_COMMITTEE_SIZES.get(branch.name, 3 if len(officials) >= 9 else 2)
        for index, member in enumerate(officials[:size]):
            position = ["secretary", "deputy_secretary", "member"][min(index, 2)]
            committee_seat_add(acting_user=admin, organization=branch, term=term, member=member, position=position)

    def _print_logins(self):
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        self.stdout.write(f"  {'admin':<11} administrator: users and roles (/admin/)")
        for username, _, _, org_name, what in USERS:
            self.stdout.write(f"  {username:<11} {what}: {org_name}")
