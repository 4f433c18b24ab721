"""The completed 2022–2025 rounds of Kỳ Trinh and Sở Công Thương (reporting/demo.py), after
seed_demo and seed_demo_documents and before seed_demo_congress: ratifying them makes the
2022–2025 committees, the previous term of the 2025–2030 round. Runs once: a second run finds the
plans and changes nothing."""

import time

from django.contrib.auth import get_user_model

from branches.management.commands.seed_demo import DEMO_PASSWORD
from branches.management.demo import DemoCommand
from branches.models import Organization, Term

from ... import demo


class Command(DemoCommand):
    help = "Load the completed 2022–2025 rounds of Kỳ Trinh and Sở Công Thương (once; after seed_demo)."

    def handle(self, *args, **options):
        names = {r.committee for r in demo.ROUNDS}
        users = {r.clerk for r in demo.ROUNDS} | {demo.KY_TRINH.leader}
        ready = (
            Organization.objects.filter(name__in=names).count() == len(names)
            and get_user_model().objects.filter(username__in=users).count() == len(users)
            and Term.objects.filter(start_year=2022, end_year=2025).exists()
        )
        if not ready:
            self.stdout.write("No demo tree (run seed_demo first): no completed rounds loaded.")
            return
        started = time.monotonic()
        loaded = demo.load_rounds()
        fresh = {r.committee: plan for r, plan in loaded if plan is not None}
        if not fresh:
            self.stdout.write("Completed demo rounds already loaded.")
            return
        problems = demo.register_works_and_awards(fresh)
        for problem in problems:
            self.stderr.write(f"Not recorded: {problem}")
        for committee, plan in fresh.items():
            self.stdout.write(self.style.SUCCESS(
                f"Completed round loaded: {committee}, {plan.document.symbol}, {plan.congresses.count()} congresses."
            ))
        self.stdout.write(f"({time.monotonic() - started:.1f} s)")
        username, _name, org_name = demo.SCT_LEADER
        self.stdout.write(f"  {username:<11} leader of {org_name} (password {DEMO_PASSWORD})")
