# Subsidy claims, taken over from the bases app.

import django.db.models.deletion
import mentorship.uploads
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('bases', '0004_subsidies_move_out'),
        ('mentorship', '0008_outgoing_email_claim_lease_and_message_id'),
        ('students', '0006_placement_no_overlap'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # The tables were created by bases.0003 and are renamed by 0002: here the models only
    # change hands.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='SubsidyClaim',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('period_kind', models.CharField(choices=[('month', 'Month'), ('quarter', 'Quarter')], max_length=8, verbose_name='period')),
                        ('period_year', models.PositiveSmallIntegerField(verbose_name='year')),
                        ('period_number', models.PositiveSmallIntegerField()),
                        ('period_start', models.DateField(verbose_name='first day')),
                        ('period_end', models.DateField(verbose_name='last day')),
                        ('status', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted'), ('under_review', 'Under review'), ('second_approval', 'Awaiting second approval'), ('approved', 'Approved'), ('partly_approved', 'Partly approved'), ('returned', 'Returned for changes'), ('rejected', 'Rejected'), ('paid', 'Paid')], default='draft', max_length=16, verbose_name='status')),
                        ('rate', models.DecimalField(decimal_places=2, max_digits=9, verbose_name='subsidy per intern-month (CNY)')),
                        ('min_months', models.PositiveSmallIntegerField(verbose_name='minimum subsidized months')),
                        ('max_months', models.PositiveSmallIntegerField(verbose_name='maximum subsidized months')),
                        ('second_approval_threshold', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='second approval above (CNY)')),
                        ('claimed_amount', models.DecimalField(decimal_places=2, default=Decimal('0.00'), max_digits=12, verbose_name='claimed (CNY)')),
                        ('approved_amount', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, verbose_name='approved (CNY)')),
                        ('line_count', models.PositiveIntegerField(default=0, verbose_name='interns claimed')),
                        ('review_comment', models.TextField(blank=True, verbose_name="reviewer's comment")),
                        ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='submitted')),
                        ('first_approved_at', models.DateTimeField(blank=True, null=True)),
                        ('second_approved_at', models.DateTimeField(blank=True, null=True)),
                        ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='decided')),
                        ('paid_at', models.DateTimeField(blank=True, null=True, verbose_name='paid')),
                        ('payment_reference', models.CharField(blank=True, max_length=60, verbose_name='payment reference')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('base', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='subsidy_claims', to='bases.trainingbase', verbose_name='base')),
                        ('center', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='mentorship.servicecenter', verbose_name='center')),
                        ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('first_approved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('paid_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('second_approved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'subsidy claim',
                        'verbose_name_plural': 'subsidy claims',
                        'db_table': 'bases_subsidyclaim',
                        'ordering': ['-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='SubsidyLine',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('first_day', models.DateField(verbose_name='first day')),
                        ('last_day', models.DateField(verbose_name='last day worked')),
                        ('terminated_early', models.BooleanField(default=False)),
                        ('months', models.DecimalField(decimal_places=4, default=0, max_digits=7, verbose_name='intern-months')),
                        ('amount', models.DecimalField(decimal_places=2, default=Decimal('0.00'), max_digits=12, verbose_name='computed (CNY)')),
                        ('excluded_reason', models.CharField(blank=True, choices=[('', 'Included'), ('terminated_below_minimum', 'Ended early, below the minimum subsidized months'), ('maximum_months_reached', 'The maximum subsidized months are already paid'), ('nothing_in_period', 'Every month of it in this period is already claimed')], max_length=32, verbose_name='excluded because')),
                        ('decision', models.CharField(choices=[('pending', 'Not yet reviewed'), ('approved', 'Approved'), ('reduced', 'Reduced')], default='pending', max_length=10, verbose_name='decision')),
                        ('approved_amount', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, verbose_name='approved (CNY)')),
                        ('review_comment', models.TextField(blank=True, verbose_name="reviewer's comment")),
                        ('reviewed_at', models.DateTimeField(blank=True, null=True)),
                        ('stipend_proof', models.FileField(blank=True, upload_to=mentorship.uploads.PrivateUploadTo('subsidy-evidence'), verbose_name='proof of the stipend paid')),
                        ('insurance_proof', models.FileField(blank=True, upload_to=mentorship.uploads.PrivateUploadTo('subsidy-evidence'), verbose_name='proof of accident insurance')),
                        ('center', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='mentorship.servicecenter', verbose_name='center')),
                        ('claim', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lines', to='subsidies.subsidyclaim')),
                        ('placement', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='subsidy_lines', to='students.placement')),
                        ('reviewed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'subsidy claim line',
                        'verbose_name_plural': 'subsidy claim lines',
                        'db_table': 'bases_subsidyline',
                        'ordering': ['pk'],
                    },
                ),
                migrations.CreateModel(
                    name='SubsidyMonth',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('month', models.DateField()),
                        ('share_numerator', models.PositiveIntegerField()),
                        ('share_denominator', models.PositiveIntegerField()),
                        ('center', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='mentorship.servicecenter', verbose_name='center')),
                        ('line', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='ledger', to='subsidies.subsidyline')),
                        ('placement', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='subsidy_months', to='students.placement')),
                    ],
                    options={
                        'db_table': 'bases_subsidymonth',
                        'ordering': ['placement', 'month'],
                    },
                ),
                migrations.AddIndex(
                    model_name='subsidyclaim',
                    index=models.Index(fields=['center', 'status', 'submitted_at'], name='bases_subsi_center__a977e5_idx'),
                ),
                migrations.AddIndex(
                    model_name='subsidyclaim',
                    index=models.Index(fields=['center', 'period_start', 'status'], name='bases_subsi_center__3c2da2_idx'),
                ),
                migrations.AddIndex(
                    model_name='subsidyclaim',
                    index=models.Index(fields=['base', 'period_start'], name='bases_subsi_base_id_22f1e5_idx'),
                ),
                migrations.AddConstraint(
                    model_name='subsidyclaim',
                    constraint=models.CheckConstraint(condition=models.Q(('second_approved_by__isnull', True), models.Q(('second_approved_by', models.F('first_approved_by')), _negated=True), _connector='OR'), name='subsidy_claim_two_different_approvers'),
                ),
                migrations.AddConstraint(
                    model_name='subsidyclaim',
                    constraint=models.CheckConstraint(condition=models.Q(('approved_amount__isnull', True), models.Q(('approved_amount__gte', 0), ('approved_amount__lte', models.F('claimed_amount'))), _connector='OR'), name='subsidy_claim_approved_within_claimed'),
                ),
                migrations.AddConstraint(
                    model_name='subsidyclaim',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'paid'), _negated=True), models.Q(('payment_reference', ''), _negated=True), _connector='OR'), name='subsidy_claim_paid_has_reference'),
                ),
                migrations.AddConstraint(
                    model_name='subsidyclaim',
                    constraint=models.CheckConstraint(condition=models.Q(('period_end__gte', models.F('period_start'))), name='subsidy_claim_period_in_order'),
                ),
                migrations.AddConstraint(
                    model_name='subsidyline',
                    constraint=models.UniqueConstraint(fields=('claim', 'placement'), name='subsidy_line_per_placement'),
                ),
                migrations.AddConstraint(
                    model_name='subsidyline',
                    constraint=models.CheckConstraint(condition=models.Q(('approved_amount__isnull', True), models.Q(('approved_amount__gte', 0), ('approved_amount__lte', models.F('amount'))), _connector='OR'), name='subsidy_line_approved_within_computed'),
                ),
                migrations.AddConstraint(
                    model_name='subsidymonth',
                    constraint=models.UniqueConstraint(fields=('placement', 'month'), name='subsidy_month_paid_once'),
                ),
                migrations.AddConstraint(
                    model_name='subsidymonth',
                    constraint=models.CheckConstraint(condition=models.Q(('share_denominator__gt', 0), ('share_numerator__lte', models.F('share_denominator'))), name='subsidy_month_share_at_most_one'),
                ),
            ],
        ),
    ]
