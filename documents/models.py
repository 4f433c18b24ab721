"""Documents of Party organisations: drafts with versions, comments, approval, the number
register, and PDF renders (docs/domain.md §2–§4). Knows organisations and people, nothing of
congresses: a congress attaches documents to itself and may give them its own sequence."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from branches.models import Organization, Term


class DocumentType(models.TextChoices):
    """The Party's document types and the letters of their symbols (HD 36-HD/VPTW)."""

    NQ = "NQ", _("Resolution")
    QD = "QĐ", _("Decision or regulation")
    KH = "KH", _("Plan")
    BC = "BC", _("Report")
    TB = "TB", _("Notice")
    HD = "HD", _("Guidance")
    BB = "BB", _("Minutes")
    CT = "CT", _("Directive")
    KL = "KL", _("Conclusion")
    CTR = "CTr", _("Programme")
    TTR = "TTr", _("Submission")
    CV = "CV", _("Official letter")
    GM = "GM", _("Invitation")
    DA = "ĐA", _("Scheme")


class DocumentState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    COMMENTING = "commenting", _("Open for comments")
    SUBMITTED = "submitted", _("Submitted to the superior")
    RETURNED = "returned", _("Returned with comments")
    APPROVED = "approved", _("Approved")
    ISSUED = "issued", _("Issued")


class SigningMode(models.TextChoices):
    """How the signer signs (HD 36-HD/VPTW): on behalf of the body, for its head, by order, acting."""

    ON_BEHALF = "T/M", _("On behalf of (T/M)")
    FOR_HEAD = "K/T", _("Signing for the head (K/T)")
    BY_ORDER = "T/L", _("By order (T/L)")
    ACTING = "Q.", _("Acting (Q.)")
    PERSONAL = "", _("In one's own name")


class NumberSequence(models.Model):
    """A run of document numbers, from 01. Which run a document draws from is its
    `sequence_key`: by default one per issuer, type and term; a congress uses one for all its
    documents. Numbers are taken under a row lock at issue, so none is given twice or skipped."""

    key = models.CharField(max_length=200, unique=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("number sequence")
        verbose_name_plural = _("number sequences")

    def __str__(self):
        return f"{self.key}: {self.last_number}"


class Document(models.Model):
    issuer = models.ForeignKey(
        Organization, verbose_name=_("issuing organisation"), on_delete=models.PROTECT, related_name="documents"
    )
    doc_type = models.CharField(_("document type"), max_length=4, choices=DocumentType.choices)
    subject = models.CharField(_("subject"), max_length=500, help_text=_("Trích yếu: what the document is about."))
    # The subject folded (branches.text.fold) for accent-insensitive search; kept by the services.
    subject_search = models.CharField(max_length=500, blank=True, editable=False)
    heading = models.CharField(
        _("heading"), max_length=100, blank=True,
        help_text=_("Leave empty for the type's usual heading (NGHỊ QUYẾT, BÁO CÁO...)."),
    )
    superior_line = models.CharField(
        _("superior line"), max_length=200, blank=True,
        help_text=_("Top left, first line. Leave empty for the issuer's superior."),
    )
    issuer_lines = models.TextField(
        _("issuer lines"), blank=True,
        help_text=_("Top left, in bold, one line each. Leave empty for the issuer's name."),
    )
    term = models.ForeignKey(Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="documents")
    sequence_key = models.CharField(
        _("number sequence"), max_length=200, blank=True,
        help_text=_("Empty: numbered per issuer, type and term."),
    )
    place = models.CharField(_("place"), max_length=100)
    document_date = models.DateField(_("date"), null=True, blank=True)
    signing_mode = models.CharField(_("signing mode"), max_length=4, choices=SigningMode.choices, blank=True, default=SigningMode.ON_BEHALF)
    signing_body = models.CharField(_("signing on behalf of"), max_length=100, blank=True, help_text=_("e.g. CHI BỘ, ĐẢNG ỦY, BAN THƯỜNG VỤ, ĐẠI HỘI"))
    signer_position = models.CharField(_("signer's position"), max_length=100, blank=True, help_text=_("e.g. BÍ THƯ, PHÓ BÍ THƯ"))
    signer_name = models.CharField(_("signer's name"), max_length=150, blank=True)
    # A second signature at the left, where a document is signed by two bodies: the minutes'
    # secretariat beside the presidium, a counting board's members beside its head.
    cosigner_title = models.CharField(
        _("second signature"), max_length=150, blank=True, help_text=_("e.g. THƯ KÝ ĐẠI HỘI; printed at the left."),
    )
    cosigner_names = models.TextField(_("second signature's names"), blank=True, help_text=_("One name per line."))
    recipients = models.TextField(_("recipients"), blank=True, help_text=_("Nơi nhận: one per line, e.g. \"- Đảng ủy phường,\" ... \"- Lưu VP.\""))
    approved_by_issuer = models.BooleanField(
        _("approved by the issuer's own leaders"), default=False,
        help_text=_(
            "A committee's own plans, notices and decisions are approved by its leaders; a branch's "
            "congress documents by the superior's."
        ),
    )
    state = models.CharField(_("state"), max_length=20, choices=DocumentState.choices, default=DocumentState.DRAFT)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True, editable=False)
    symbol = models.CharField(_("symbol"), max_length=60, blank=True, editable=False)
    supersedes = models.ForeignKey(
        "self", verbose_name=_("supersedes"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [models.Index(fields=["issuer", "state"], name="document_issuer_state")]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="issued", number__isnull=False) | (~Q(state="issued") & Q(number__isnull=True)),
                name="document_numbered_iff_issued",
            ),
            models.UniqueConstraint(
                fields=["sequence_key", "number"], condition=Q(number__isnull=False),
                name="document_number_unique_in_sequence",
            ),
        ]

    def __str__(self):
        return self.symbol or f"{self.get_doc_type_display()}: {self.subject}"

    @property
    def is_frozen(self) -> bool:
        return self.state == DocumentState.ISSUED


class DocumentVersion(models.Model):
    """A saved body. Never changed once saved: the next save is the next version."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    body = models.TextField(_("body"))
    note = models.CharField(_("what changed"), max_length=255, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="version_unique_number"),
        ]

    def __str__(self):
        return f"{self.document} v{self.number}"


class CommentResponse(models.TextChoices):
    PENDING = "pending", _("Not yet answered")
    ACCEPTED = "accepted", _("Accepted")
    PARTLY = "partly", _("Partly accepted")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")


class Comment(models.Model):
    """A comment (góp ý) on a version, optionally on one paragraph, and the drafter's answer."""

    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    paragraph = models.PositiveIntegerField(_("paragraph"), null=True, blank=True)
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    response = models.CharField(_("answer"), max_length=20, choices=CommentResponse.choices, default=CommentResponse.PENDING)
    reply = models.TextField(_("reply"), blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    replied_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["version", "paragraph", "created_at"]


class DecisionKind(models.TextChoices):
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned with comments")


class Decision(models.Model):
    """A superior leader's decision on a submitted version."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="decisions")
    version = models.ForeignKey(DocumentVersion, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(_("decision"), max_length=20, choices=DecisionKind.choices)
    comment = models.TextField(_("comments"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_at"]


class DocumentTemplate(models.Model):
    """A model document (mẫu văn bản) an organisation publishes to its whole subtree.
    Subject and body may hold placeholders (documents.placeholders)."""

    owner = models.ForeignKey(Organization, verbose_name=_("published by"), on_delete=models.PROTECT, related_name="document_templates")
    name = models.CharField(_("name"), max_length=200)
    doc_type = models.CharField(_("document type"), max_length=4, choices=DocumentType.choices)
    subject = models.CharField(_("subject"), max_length=500, blank=True)
    body = models.TextField(_("body"))
    is_published = models.BooleanField(_("published to the subtree"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
        ordering = ["doc_type", "name"]

    def __str__(self):
        return self.name


class RenderState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Rendering")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class RenderJob(models.Model):
    """One PDF render of one version: queued → running → done | failed (docs/architecture.md §6)."""

    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="render_jobs")
    # The draft mark and the number depend on the document's state when it was rendered.
    issued = models.BooleanField(default=False)
    state = models.CharField(max_length=10, choices=RenderState.choices, default=RenderState.QUEUED)
    pdf = models.FileField(upload_to="renders/%Y/%m/", blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    queued_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    # Handing the job to the broker can fail (Redis unreachable) after the row is committed:
    # `dispatched_at` stays empty until the broker has accepted a message for it, and
    # `dispatch_tried_at` spaces out the attempts to send it again (docs/architecture.md §6).
    dispatched_at = models.DateTimeField(null=True, blank=True)
    dispatch_tried_at = models.DateTimeField(null=True, blank=True)
    # Who is rendering it, and the last sign of life: a worker killed whole stops beating, and
    # its job is sent again instead of waiting for the time limit.
    worker_node = models.CharField(max_length=200, blank=True)
    worker_pid = models.PositiveIntegerField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("PDF render")
        verbose_name_plural = _("PDF renders")
        indexes = [
            models.Index(fields=["version", "issued", "state"], name="renderjob_lookup"),
            # The sweep reads the few unfinished jobs among many finished ones.
            models.Index(fields=["state"], name="renderjob_unfinished", condition=Q(state__in=["queued", "running"])),
        ]
