"""Party organisations (a tree), their members, the committees they elect per term, and who
may do what where (roles). docs/domain.md §1 and §5."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from . import rules, text


class User(AbstractUser):
    """A person who signs in. What they may see and do comes from their roles."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    # What a leader's signature says under "T/M BAN THƯỜNG VỤ" on what they approve or
    # ratify (docs/documents.md "Signatures"): their position in the committee they lead.
    signing_position = models.CharField(
        _("position when signing"), max_length=100, blank=True,
        help_text=_("For a leader: printed above their name on what they sign, e.g. BÍ THƯ, PHÓ BÍ THƯ."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.full_name or self.username


class OrganizationKind(models.TextChoices):
    SUPERIOR = "superior", _("Superior committee")
    GRASSROOTS_COMMITTEE = "grassroots_committee", _("Grassroots Party committee")
    PARTIAL_COMMITTEE = "partial_committee", _("Partial Party committee")
    GRASSROOTS_BRANCH = "grassroots_branch", _("Grassroots Party branch")
    BRANCH = "branch", _("Party branch")


class Sector(models.TextChoices):
    AGENCY = "agency", _("Agency")
    ENTERPRISE = "enterprise", _("Enterprise")
    PUBLIC_SERVICE = "public_service", _("Public service unit")
    COMMUNE = "commune", _("Commune, ward or town")
    RESIDENTIAL = "residential", _("Residential group or village")
    POLICE = "police", _("Police")
    MILITARY = "military", _("Military")
    SCHOOL = "school", _("School")
    OTHER = "other", _("Other")


class Organization(MP_Node):
    """A Party organisation. Its subtree is every organisation whose path starts with its own."""

    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganizationKind.choices)
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices, default=Sector.OTHER)
    short_name = models.CharField(
        _("short name"),
        max_length=20,
        help_text=_("Used in document symbols, e.g. ĐUK, ĐU, CB."),
    )
    place_name = models.CharField(
        _("place name"),
        max_length=100,
        help_text=_("Used when dating documents, e.g. Kỳ Trinh."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    steplen = 4

    class Meta:
        verbose_name = _("Party organisation")
        verbose_name_plural = _("Party organisations")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=OrganizationKind.values), name="organization_kind_known"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.kind not in OrganizationKind.values or self.depth is None:
            return  # a new node: organization_create checks it against its future parent
        parent_kind = None
        if self.depth > 1:
            parent_kind = Organization.objects.get_parent(self).kind
        problem = rules.nesting_problem(parent_kind, self.kind)
        if problem:
            raise ValidationError({"kind": problem})

    def subtree_q(self, prefix: str = "") -> Q:
        """Filter for rows whose organisation (`prefix`, e.g. "organization__") is in this subtree."""
        return Q(**{f"{prefix}path__startswith": self.path})

    def is_in_subtree_of(self, other: "Organization") -> bool:
        return self.path.startswith(other.path)


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Membership(models.TextChoices):
    """The first of a member's two facts on congress day: official (votes, may stand, counts in
    the base) or probationary (attends and may speak only) (docs/domain.md §1.4). The values
    are branches.rules.MEMBERSHIPS."""

    OFFICIAL = rules.OFFICIAL, _("Official")
    PROBATIONARY = rules.PROBATIONARY, _("Probationary")


class Situation(models.TextChoices):
    """The second fact, for an official and a probationary member alike (docs/domain.md §1.4):
    exempt from activities, temporarily active elsewhere, or suspended (prosecuted, detained).
    The values are branches.rules.SITUATIONS."""

    NONE = rules.NO_SITUATION, _("Active as usual")
    EXEMPT = rules.EXEMPT, _("Exempt from activities")
    TRANSFERRED_TEMPORARILY = rules.TRANSFERRED_TEMPORARILY, _("Temporarily active elsewhere")
    SUSPENDED = rules.SUSPENDED, _("Suspended")


class Member(models.Model):
    """A Party member (đảng viên) and the organisation where they are active."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("Party organisation"),
        on_delete=models.PROTECT,
        related_name="members",
    )
    full_name = models.CharField(_("full name"), max_length=150)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    date_of_birth = models.DateField(_("date of birth"))
    ethnicity = models.CharField(_("ethnicity"), max_length=50, default="Kinh")
    joined_on = models.DateField(_("date of joining the Party"))
    official_on = models.DateField(_("date of becoming official"), null=True, blank=True)
    membership = models.CharField(
        _("official or probationary"), max_length=16, choices=Membership.choices, default=Membership.OFFICIAL,
    )
    situation = models.CharField(
        _("situation"), max_length=32, choices=Situation.choices, default=Situation.NONE,
    )
    party_card_number = models.CharField(
        _("Party card number"), max_length=20, blank=True, default=""
    )
    occupation = models.CharField(_("position or occupation"), max_length=255, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # Derived from full_name on every save (see save()): what search and ordering use.
    search_name = models.CharField(max_length=150, editable=False, db_index=True)
    sort_key = models.CharField(max_length=800, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("Party member")
        verbose_name_plural = _("Party members")
        indexes = [
            models.Index(fields=["organization", "sort_key"], name="member_org_sort"),
            # With the key: lists of a whole province page through it (OFFSET) without sorting
            # every member, for any page.
            models.Index(fields=["sort_key", "id"], name="member_sort"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["party_card_number"],
                condition=~Q(party_card_number=""),
                name="member_party_card_unique",
                violation_error_message=_("Another member already has this Party card number."),
            ),
            models.CheckConstraint(
                condition=Q(official_on__isnull=True) | Q(official_on__gte=models.F("joined_on")),
                name="member_official_after_joining",
                violation_error_message=_("The date of becoming official cannot precede the date of joining."),
            ),
            models.CheckConstraint(
                condition=Q(joined_on__gt=models.F("date_of_birth")),
                name="member_joined_after_birth",
                violation_error_message=_("The date of joining must come after the date of birth."),
            ),
            models.CheckConstraint(
                condition=Q(membership__in=Membership.values), name="member_membership_known"
            ),
            models.CheckConstraint(
                condition=Q(situation__in=Situation.values), name="member_situation_known"
            ),
        ]

    def __str__(self):
        return self.full_name

    @property
    def status_label(self) -> str:
        """Both facts as one line read them: "Official", "Probationary · Exempt from activities"."""
        return status_label(self.membership, self.situation)

    def save(self, *args, **kwargs):
        self.refresh_name_keys()
        if kwargs.get("update_fields") is not None and "full_name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_name", "sort_key"}
        super().save(*args, **kwargs)

    def refresh_name_keys(self):
        """Recompute the derived search and ordering columns (bulk writers call this)."""
        self.full_name = " ".join(self.full_name.split())
        self.search_name = text.fold(self.full_name)
        self.sort_key = text.name_sort_key(self.full_name)


class AttachedMember(models.Model):
    """A Party member temporarily active in this organisation (đảng viên sinh hoạt tạm thời)
    while their official membership stays with another organisation, recorded here by name.

    They attend this organisation's congresses and may nominate official members [244-QĐ/TW
    Art. 11 cl. 2], but neither vote, nor stand, nor count in the base there: a member exercises
    those rights where the official membership is [244-QĐ/TW Art. 15 cl. 2]. So they are not
    a Member of this organisation (their record lives where they belong, maybe in no office
    using the product); a congress's summons list draws them as guests
    (congress.services.attendance.members_draw)."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("Party organisation"), on_delete=models.PROTECT,
        related_name="attached_members",
    )
    full_name = models.CharField(_("full name"), max_length=150)
    home_organization = models.CharField(
        _("organisation of official membership"), max_length=255,
        help_text=_("Where the member's official Party membership is, e.g. Chi bộ Phòng Kế toán, Đảng bộ Công ty X."),
    )
    attached_from = models.DateField(_("attached from"))
    attached_until = models.DateField(
        _("attached until"), null=True, blank=True, help_text=_("Empty: still attached."),
    )
    notes = models.TextField(_("notes"), blank=True)
    sort_key = models.CharField(max_length=800, editable=False)
    created_by = models.ForeignKey(User, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("member temporarily attached")
        verbose_name_plural = _("members temporarily attached")
        ordering = ["organization", "sort_key", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(attached_until__isnull=True) | Q(attached_until__gte=models.F("attached_from")),
                name="attachedmember_until_after_from",
                violation_error_message=_("The end of the attachment cannot precede its start."),
            ),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.full_name = " ".join(self.full_name.split())
        self.sort_key = text.name_sort_key(self.full_name)
        super().save(*args, **kwargs)

    def is_attached_on(self, day) -> bool:
        return self.attached_from <= day and (self.attached_until is None or day <= self.attached_until)


def status_label(membership: str, situation: str) -> str:
    """The two facts of a member (or of a row of a summons list) as one line: the membership,
    then the situation unless it is none."""
    label = str(Membership(membership).label)
    if situation and situation != Situation.NONE:
        label = f"{label} · {Situation(situation).label}"
    return label


class Regulation(models.TextChoices):
    """The election regulation that governs a term's congresses (docs/domain.md §3)."""

    QD244_2014 = "244-2014", _("Regulation 244-QĐ/TW (2014) with Guidance 03-HD/TW (2020)")
    QD190_2024 = "190-2024", _("Regulation 190-QĐ/TW (10/10/2024) with Guidance 04-HD/TW (2024)")

    @classmethod
    def for_start_year(cls, start_year: int) -> "Regulation":
        """190-QĐ/TW governs from the 2025–2030 round; 244-QĐ/TW the rounds before it."""
        return cls.QD190_2024 if start_year >= 2025 else cls.QD244_2014


class Term(models.Model):
    """A term of office (nhiệm kỳ), such as 2022–2025, and the regulation that governs it."""

    start_year = models.PositiveSmallIntegerField(_("start year"))
    end_year = models.PositiveSmallIntegerField(_("end year"))
    regulation = models.CharField(
        _("election regulation"), max_length=10, choices=Regulation.choices, blank=True,
        help_text=_("Empty: the regulation in force for the term's start year."),
    )

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["-start_year", "-end_year"]
        constraints = [
            models.UniqueConstraint(fields=["start_year", "end_year"], name="term_unique"),
            models.CheckConstraint(
                condition=Q(regulation__in=Regulation.values), name="term_regulation_known",
            ),
            models.CheckConstraint(
                condition=Q(end_year__gt=models.F("start_year")),
                name="term_ends_after_start",
                violation_error_message=_("A term must end after the year it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.start_year}–{self.end_year}"

    def save(self, *args, **kwargs):
        # A derived default, not a side effect: which regulation follows from the start year.
        if not self.regulation:
            self.regulation = Regulation.for_start_year(self.start_year)
        super().save(*args, **kwargs)


class Position(models.TextChoices):
    SECRETARY = "secretary", _("Secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
    MEMBER = "member", _("Committee member")


class CommitteeSeat(models.Model):
    """Who sat on an organisation's committee in a term, and in which seat.

    Later figures ("re-elected", "new", "women") are derived from these rows: a person is
    re-elected when they hold a seat in the same organisation in the previous term.
    """

    organization = models.ForeignKey(
        Organization, verbose_name=_("Party organisation"), on_delete=models.PROTECT,
        related_name="committee_seats",
    )
    term = models.ForeignKey(
        Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="committee_seats"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("Party member"), on_delete=models.PROTECT,
        related_name="committee_seats",
    )
    position = models.CharField(_("position"), max_length=20, choices=Position.choices)

    class Meta:
        verbose_name = _("committee seat")
        verbose_name_plural = _("committee seats")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "term", "member"],
                name="seat_one_per_person",
                violation_error_message=_("This person already holds a seat on this committee in this term."),
            ),
            models.UniqueConstraint(
                fields=["organization", "term"],
                condition=Q(position="secretary"),
                name="seat_one_secretary",
                violation_error_message=_("This committee already has a secretary in this term."),
            ),
        ]

    def __str__(self):
        return f"{self.member} – {self.get_position_display()} ({self.term})"


class RoleKind(models.TextChoices):
    CLERK = "clerk", _("Clerk (enters and edits data)")
    LEADER = "leader", _("Leader (approves and ratifies)")
    VIEWER = "viewer", _("Viewer (reads)")


class Role(models.Model):
    """A user's role on an organisation; it covers the organisation's whole subtree."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="roles")
    organization = models.ForeignKey(
        Organization, verbose_name=_("Party organisation"), on_delete=models.CASCADE, related_name="roles"
    )
    kind = models.CharField(_("role"), max_length=10, choices=RoleKind.choices)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "kind"], name="role_unique",
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_kind_display()} – {self.organization}"


class PasswordResetRequest(models.Model):
    """One password reset e-mail asked for, kept while it counts against the limit
    (branches/services/password_reset.py). Holds a keyed digest of the address typed, not the
    address: an unknown address typed by a stranger is nobody's business."""

    email_digest = models.CharField(max_length=64)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    requested_at = models.DateTimeField()

    class Meta:
        verbose_name = _("password reset request")
        verbose_name_plural = _("password reset requests")
        indexes = [
            models.Index(fields=["email_digest", "requested_at"], name="password_reset_email"),
            models.Index(fields=["ip_address", "requested_at"], name="password_reset_address"),
            models.Index(fields=["requested_at"], name="password_reset_time"),
        ]

    def __str__(self):
        return f"{self.ip_address or '?'} {self.requested_at:%Y-%m-%d %H:%M}"


class ImportState(models.TextChoices):
    QUEUED = "queued", _("Waiting to be checked")
    RUNNING = "running", _("Being checked")
    CHECKED = "checked", _("Checked, waiting for confirmation")
    CONFIRMED = "confirmed", _("Confirmed, waiting to be saved")
    APPLYING = "applying", _("Being saved")
    APPLIED = "applied", _("Imported")
    FAILED = "failed", _("Refused")


class MemberImportJob(models.Model):
    """One Excel file of members on its way in (docs/import-members.md): queued → running →
    checked → confirmed → applying → applied, or failed at any step. The worker checks and
    saves it (branches/tasks.py); the page follows it. `result` keeps what the check found for
    the preview (or the problems), and the counts once saved; the file is deleted when the job
    ends."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("Party organisation"), on_delete=models.CASCADE, related_name="import_jobs"
    )
    uploaded_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    confirmed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    file = models.FileField(upload_to="imports/%Y/%m/", blank=True)
    filename = models.CharField(_("file name"), max_length=255, blank=True)  # as uploaded, for people
    state = models.CharField(max_length=10, choices=ImportState.choices, default=ImportState.QUEUED)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(null=True, blank=True)  # None: not known yet
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)  # of the step now running
    checked_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The step waiting for a worker (the check, then the saving) is handed to the broker after
    # commit, which can fail (Redis unreachable): `dispatched_at` stays empty until the broker
    # has accepted its message, and `dispatch_tried_at` spaces out the attempts to send it again
    # (branches.dispatch). Both start afresh with each step.
    dispatched_at = models.DateTimeField(null=True, blank=True)
    dispatch_tried_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("member import")
        verbose_name_plural = _("member imports")
        indexes = [models.Index(fields=["state", "created_at"], name="memberimportjob_state")]

    def __str__(self):
        return f"{self.filename} → {self.organization} ({self.get_state_display()})"


class ChainHead(models.Model):
    """Where a hash chain ends (branches.chain): its last position and seal. Extending a chain
    locks this row, so two writers append one after the other; and rows cut off the end of a
    chain show as a head beyond its last row."""

    name = models.CharField(_("chain"), max_length=100, unique=True)
    position = models.PositiveBigIntegerField(_("last position"), default=0)
    hash = models.CharField(_("last seal"), max_length=64)

    class Meta:
        verbose_name = _("end of a hash chain")
        verbose_name_plural = _("ends of hash chains")

    def __str__(self):
        return f"{self.name} @{self.position}"


class AuditSeal(models.Model):
    """The seal of an audit row (django-auditlog's LogEntry, a table we do not own): its place
    in the audit trail's chain and sha256 over the previous seal and the row's content."""

    log_entry = models.OneToOneField(
        "auditlog.LogEntry", verbose_name=_("audit row"), on_delete=models.CASCADE, related_name="seal",
    )
    position = models.PositiveBigIntegerField(_("position"), unique=True)
    previous_hash = models.CharField(_("previous seal"), max_length=64)
    hash = models.CharField(_("seal"), max_length=64)

    class Meta:
        verbose_name = _("audit seal")
        verbose_name_plural = _("audit seals")
        ordering = ["position"]

    def __str__(self):
        return f"#{self.position}"


class SubmissionToken(models.Model):
    """A create form's one-time token, recorded with what its first submission created, in the
    same transaction (branches.submissions): a second submission of the same form (a double
    click, a resent page) is answered with what the first one made. Rows older than a day are
    purged as new ones are recorded."""

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self):
        return self.token
