-- columns
agencies.id bigint NOT NULL IDENTITY
agencies.name text NOT NULL
agencies.kind text NOT NULL
agencies.contact text NOT NULL DEFAULT ''::text
agencies.note text NOT NULL DEFAULT ''::text
agencies.active boolean NOT NULL DEFAULT true
agencies.created_by bigint NOT NULL DEFAULT 0
agencies.created_at timestamp with time zone NOT NULL
agencies.updated_at timestamp with time zone NOT NULL
agency_members.agency_id bigint NOT NULL
agency_members.user_id bigint NOT NULL
agency_members.added_at timestamp with time zone NOT NULL
api_tokens.id bigint NOT NULL IDENTITY
api_tokens.user_id bigint NOT NULL
api_tokens.name text NOT NULL
api_tokens.prefix text NOT NULL
api_tokens.token_hash text NOT NULL
api_tokens.scopes text NOT NULL
api_tokens.created_at timestamp with time zone NOT NULL
api_tokens.expires_at timestamp with time zone
api_tokens.last_used_at timestamp with time zone
api_tokens.revoked_at timestamp with time zone
article_pictures.id bigint NOT NULL IDENTITY
article_pictures.article_id bigint NOT NULL
article_pictures.file_key text NOT NULL
article_pictures.caption text NOT NULL DEFAULT ''::text
article_pictures.seq integer NOT NULL
article_pictures.created_by bigint NOT NULL
article_pictures.created_at timestamp with time zone NOT NULL
articles.id bigint NOT NULL IDENTITY
articles.kind text NOT NULL
articles.title text NOT NULL
articles.summary text NOT NULL DEFAULT ''::text
articles.body text NOT NULL DEFAULT ''::text
articles.cover_file text
articles.video_url text NOT NULL DEFAULT ''::text
articles.event_at timestamp with time zone
articles.status text NOT NULL DEFAULT 'draft'::text
articles.published_at timestamp with time zone
articles.author_id bigint NOT NULL
articles.created_at timestamp with time zone NOT NULL
articles.updated_at timestamp with time zone NOT NULL
articles.org_id bigint
articles.review text NOT NULL DEFAULT ''::text
articles.review_note text NOT NULL DEFAULT ''::text
articles.reviewed_by bigint NOT NULL DEFAULT 0
articles.reviewed_at timestamp with time zone
association_measures.id bigint NOT NULL IDENTITY
association_measures.member_id bigint NOT NULL
association_measures.kind text NOT NULL
association_measures.reason text NOT NULL
association_measures.decided_on text NOT NULL
association_measures.recorded_by bigint NOT NULL DEFAULT 0
association_measures.recorded_at timestamp with time zone NOT NULL
association_members.id bigint NOT NULL IDENTITY
association_members.org_id bigint NOT NULL
association_members.status text NOT NULL
association_members.statement text NOT NULL DEFAULT ''::text
association_members.applied_by bigint NOT NULL DEFAULT 0
association_members.applied_at timestamp with time zone NOT NULL
association_members.decided_by bigint NOT NULL DEFAULT 0
association_members.decided_at timestamp with time zone
association_members.reason text NOT NULL DEFAULT ''::text
association_members.member_since text NOT NULL DEFAULT ''::text
association_members.updated_at timestamp with time zone NOT NULL
audit_head.id integer NOT NULL
audit_head.seq bigint NOT NULL
audit_head.mac text NOT NULL
audit_log.seq bigint NOT NULL
audit_log.at timestamp with time zone NOT NULL
audit_log.actor_id bigint NOT NULL DEFAULT 0
audit_log.actor text NOT NULL
audit_log.role text NOT NULL DEFAULT ''::text
audit_log.action text NOT NULL
audit_log.object_type text NOT NULL DEFAULT ''::text
audit_log.object_id text NOT NULL DEFAULT ''::text
audit_log.outcome text NOT NULL
audit_log.reason text NOT NULL DEFAULT ''::text
audit_log.client_ip text NOT NULL DEFAULT ''::text
audit_log.request_id text NOT NULL DEFAULT ''::text
audit_log.detail text NOT NULL DEFAULT ''::text
audit_log.key_version integer NOT NULL
audit_log.prev_mac text NOT NULL
audit_log.mac text NOT NULL
case_access.id bigint NOT NULL IDENTITY
case_access.case_id bigint NOT NULL
case_access.user_id bigint NOT NULL
case_access.reason text NOT NULL
case_access.opened_at timestamp with time zone NOT NULL
case_access.expires_at timestamp with time zone NOT NULL
case_agreements.id bigint NOT NULL IDENTITY
case_agreements.case_id bigint NOT NULL
case_agreements.version integer NOT NULL
case_agreements.oral boolean NOT NULL DEFAULT false
case_agreements.facts text NOT NULL
case_agreements.issues text NOT NULL
case_agreements.duties text NOT NULL DEFAULT ''::text
case_agreements.terms text NOT NULL
case_agreements.performance text NOT NULL
case_agreements.perform_by timestamp with time zone
case_agreements.drafted_by bigint NOT NULL DEFAULT 0
case_agreements.drafted_at timestamp with time zone NOT NULL
case_agreements.effective_at timestamp with time zone
case_agreements.mediator_signed_at timestamp with time zone
case_agreements.mediator_signed_by bigint NOT NULL DEFAULT 0
case_agreements.seal_key text NOT NULL DEFAULT ''::text
case_agreements.sealed_at timestamp with time zone
case_agreements.pdf_key text NOT NULL DEFAULT ''::text
case_agreements.pdf_sm3 text NOT NULL DEFAULT ''::text
case_assignments.id bigint NOT NULL IDENTITY
case_assignments.case_id bigint NOT NULL
case_assignments.mediator_id bigint NOT NULL
case_assignments.how text NOT NULL
case_assignments.assigned_by bigint NOT NULL DEFAULT 0
case_assignments.assigned_at timestamp with time zone NOT NULL
case_assignments.declared_at timestamp with time zone
case_assignments.conflict_note text NOT NULL DEFAULT ''::text
case_assignments.ended_at timestamp with time zone
case_assignments.end_note text NOT NULL DEFAULT ''::text
case_confirmations.agreement_id bigint NOT NULL
case_confirmations.party_id bigint NOT NULL
case_confirmations.user_id bigint NOT NULL DEFAULT 0
case_confirmations.method text NOT NULL
case_confirmations.confirmed_at timestamp with time zone NOT NULL
case_confirmations.typed_name text NOT NULL DEFAULT ''::text
case_confirmations.client_ip text NOT NULL DEFAULT ''::text
case_confirmations.user_agent text NOT NULL DEFAULT ''::text
case_events.id bigint NOT NULL IDENTITY
case_events.case_id bigint NOT NULL
case_events.action text NOT NULL
case_events.from_status text NOT NULL DEFAULT ''::text
case_events.to_status text NOT NULL DEFAULT ''::text
case_events.org_id bigint
case_events.end_reason text NOT NULL DEFAULT ''::text
case_events.reason text NOT NULL DEFAULT ''::text
case_events.actor_id bigint NOT NULL DEFAULT 0
case_events.actor text NOT NULL
case_events.role text NOT NULL
case_events.at timestamp with time zone NOT NULL
case_evidence.id bigint NOT NULL IDENTITY
case_evidence.case_id bigint NOT NULL
case_evidence.party_id bigint
case_evidence.file_key text NOT NULL
case_evidence.title text NOT NULL
case_evidence.uploaded_by bigint NOT NULL DEFAULT 0
case_evidence.created_at timestamp with time zone NOT NULL
case_parties.id bigint NOT NULL IDENTITY
case_parties.case_id bigint NOT NULL
case_parties.side text NOT NULL
case_parties.kind text NOT NULL
case_parties.agent_for bigint
case_parties.name text NOT NULL
case_parties.gender text NOT NULL DEFAULT ''::text
case_parties.ethnicity text NOT NULL DEFAULT ''::text
case_parties.birth_year integer
case_parties.occupation text NOT NULL DEFAULT ''::text
case_parties.address text NOT NULL DEFAULT ''::text
case_parties.credit_code text NOT NULL DEFAULT ''::text
case_parties.representative text NOT NULL DEFAULT ''::text
case_parties.id_enc bytea
case_parties.id_idx text
case_parties.phone_enc bytea
case_parties.phone_idx text
case_parties.email_enc bytea
case_parties.user_id bigint
case_parties.invite_hash text
case_parties.invited_at timestamp with time zone
case_parties.opened_at timestamp with time zone
case_parties.joined_at timestamp with time zone
case_parties.declined_at timestamp with time zone
case_parties.created_at timestamp with time zone NOT NULL
case_payments.id bigint NOT NULL IDENTITY
case_payments.case_id bigint NOT NULL
case_payments.amount_fen bigint NOT NULL
case_payments.method text NOT NULL
case_payments.payer text NOT NULL DEFAULT ''::text
case_payments.receipt_no text NOT NULL DEFAULT ''::text
case_payments.note text NOT NULL DEFAULT ''::text
case_payments.paid_at timestamp with time zone NOT NULL
case_payments.recorded_by bigint NOT NULL DEFAULT 0
case_payments.recorded_at timestamp with time zone NOT NULL
case_ratings.case_id bigint NOT NULL
case_ratings.party_id bigint NOT NULL
case_ratings.stars integer NOT NULL
case_ratings.comment text NOT NULL DEFAULT ''::text
case_ratings.created_at timestamp with time zone NOT NULL
case_recusals.id bigint NOT NULL IDENTITY
case_recusals.case_id bigint NOT NULL
case_recusals.party_id bigint NOT NULL
case_recusals.mediator_id bigint NOT NULL
case_recusals.reason text NOT NULL
case_recusals.status text NOT NULL
case_recusals.decided_by bigint
case_recusals.decision text NOT NULL DEFAULT ''::text
case_recusals.created_at timestamp with time zone NOT NULL
case_recusals.decided_at timestamp with time zone
case_serials.scope text NOT NULL
case_serials.year integer NOT NULL
case_serials.last bigint NOT NULL
case_visits.id bigint NOT NULL IDENTITY
case_visits.case_id bigint NOT NULL
case_visits.performed text NOT NULL
case_visits.note text NOT NULL
case_visits.visited_by bigint NOT NULL DEFAULT 0
case_visits.visited_at timestamp with time zone NOT NULL
cases.id bigint NOT NULL IDENTITY
cases.number text NOT NULL
cases.file_no text
cases.status text NOT NULL
cases.source text NOT NULL
cases.external_id text
cases.dispute_type text NOT NULL
cases.township text NOT NULL
cases.title text NOT NULL
cases.facts text NOT NULL DEFAULT ''::text
cases.claims text NOT NULL DEFAULT ''::text
cases.amount_fen bigint
cases.org_id bigint
cases.mediator_id bigint
cases.route_reason text NOT NULL DEFAULT ''::text
cases.consent_at timestamp with time zone
cases.owner_id bigint
cases.referrer_id bigint
cases.created_by bigint NOT NULL DEFAULT 0
cases.created_at timestamp with time zone NOT NULL
cases.submitted_at timestamp with time zone
cases.routed_at timestamp with time zone
cases.accept_due timestamp with time zone
cases.accepted_at timestamp with time zone
cases.resp_due timestamp with time zone
cases.mediation_due timestamp with time zone
cases.agreed_at timestamp with time zone
cases.confirm_due timestamp with time zone
cases.confirmed boolean
cases.visit_due timestamp with time zone
cases.ended_at timestamp with time zone
cases.end_reason text NOT NULL DEFAULT ''::text
cases.fee_fen bigint
cases.activity_at timestamp with time zone NOT NULL
cases.version bigint NOT NULL DEFAULT 1
complaint_steps.id bigint NOT NULL IDENTITY
complaint_steps.complaint_id bigint NOT NULL
complaint_steps.action text NOT NULL
complaint_steps.from_status text NOT NULL DEFAULT ''::text
complaint_steps.to_status text NOT NULL
complaint_steps.note text NOT NULL DEFAULT ''::text
complaint_steps.actor_id bigint NOT NULL DEFAULT 0
complaint_steps.at timestamp with time zone NOT NULL
complaints.id bigint NOT NULL IDENTITY
complaints.subject_org_id bigint NOT NULL
complaints.subject_mediator_id bigint
complaints.complainant_user_id bigint NOT NULL
complaints.complainant_name text NOT NULL
complaints.complainant_phone_enc bytea
complaints.title text NOT NULL
complaints.content text NOT NULL
complaints.request text NOT NULL DEFAULT ''::text
complaints.handler text NOT NULL
complaints.handler_township text NOT NULL DEFAULT ''::text
complaints.status text NOT NULL
complaints.outcome text NOT NULL DEFAULT ''::text
complaints.answer text NOT NULL DEFAULT ''::text
complaints.org_notice text NOT NULL DEFAULT ''::text
complaints.reason text NOT NULL DEFAULT ''::text
complaints.filed_at timestamp with time zone NOT NULL
complaints.due_at timestamp with time zone NOT NULL
complaints.acknowledged_at timestamp with time zone
complaints.answered_at timestamp with time zone
complaints.closed_at timestamp with time zone
complaints.updated_at timestamp with time zone NOT NULL
disclosures.id bigint NOT NULL IDENTITY
disclosures.org_id bigint NOT NULL
disclosures.year integer NOT NULL
disclosures.kind text NOT NULL
disclosures.status text NOT NULL
disclosures.chain_id bigint NOT NULL DEFAULT 0
disclosures.version integer NOT NULL DEFAULT 1
disclosures.subject text NOT NULL DEFAULT ''::text
disclosures.due_at timestamp with time zone NOT NULL
disclosures.filed_at timestamp with time zone
disclosures.filed_by bigint NOT NULL DEFAULT 0
disclosures.superseded_at timestamp with time zone
disclosures.structure text NOT NULL DEFAULT ''::text
disclosures.persons text NOT NULL DEFAULT ''::text
disclosures.income_gov bigint NOT NULL DEFAULT 0
disclosures.income_donation bigint NOT NULL DEFAULT 0
disclosures.income_fees bigint NOT NULL DEFAULT 0
disclosures.income_other bigint NOT NULL DEFAULT 0
disclosures.spend_staff bigint NOT NULL DEFAULT 0
disclosures.spend_office bigint NOT NULL DEFAULT 0
disclosures.spend_activity bigint NOT NULL DEFAULT 0
disclosures.spend_other bigint NOT NULL DEFAULT 0
disclosures.services text NOT NULL DEFAULT ''::text
disclosures.case_figures text NOT NULL DEFAULT ''::text
disclosures.case_note text NOT NULL DEFAULT ''::text
disclosures.rewards text NOT NULL DEFAULT ''::text
disclosures.records text NOT NULL DEFAULT ''::text
disclosures.body text NOT NULL DEFAULT ''::text
disclosures.requested_by bigint NOT NULL DEFAULT 0
disclosures.created_by bigint NOT NULL DEFAULT 0
disclosures.created_at timestamp with time zone NOT NULL
disclosures.updated_at timestamp with time zone NOT NULL
expert_ties.expert_id bigint NOT NULL
expert_ties.org_id bigint NOT NULL
expert_ties.kind text NOT NULL
expert_ties.note text NOT NULL DEFAULT ''::text
expert_ties.declared_by bigint NOT NULL DEFAULT 0
expert_ties.declared_at timestamp with time zone NOT NULL
experts.id bigint NOT NULL IDENTITY
experts.user_id bigint
experts.name text NOT NULL
experts.title text NOT NULL DEFAULT ''::text
experts.employer text NOT NULL DEFAULT ''::text
experts.fields text NOT NULL DEFAULT ''::text
experts.status text NOT NULL DEFAULT 'active'::text
experts.created_by bigint NOT NULL DEFAULT 0
experts.created_at timestamp with time zone NOT NULL
experts.updated_at timestamp with time zone NOT NULL
experts.unavailable_until text NOT NULL DEFAULT ''::text
experts.availability_note text NOT NULL DEFAULT ''::text
fee_standards.id bigint NOT NULL IDENTITY
fee_standards.org_id bigint NOT NULL
fee_standards.version integer NOT NULL
fee_standards.effective_from timestamp with time zone NOT NULL
fee_standards.published_at timestamp with time zone
fee_standards.minimum bigint NOT NULL DEFAULT 0
fee_standards.cap bigint NOT NULL DEFAULT 0
fee_standards.note text NOT NULL DEFAULT ''::text
fee_standards.created_by bigint NOT NULL
fee_standards.created_at timestamp with time zone NOT NULL
fee_tiers.standard_id bigint NOT NULL
fee_tiers.position integer NOT NULL
fee_tiers.up_to bigint NOT NULL
fee_tiers.fixed bigint NOT NULL DEFAULT 0
fee_tiers.rate_bp bigint NOT NULL DEFAULT 0
files.key text NOT NULL
files.owner_type text NOT NULL
files.owner_id bigint NOT NULL
files.filename text NOT NULL
files.content_type text NOT NULL
files.size bigint NOT NULL
files.sm3 text NOT NULL
files.public boolean NOT NULL DEFAULT false
files.created_by bigint NOT NULL DEFAULT 0
files.created_at timestamp with time zone NOT NULL
fundings.id bigint NOT NULL IDENTITY
fundings.org_id bigint NOT NULL
fundings.kind text NOT NULL
fundings.source text NOT NULL
fundings.amount bigint NOT NULL
fundings.received_on text NOT NULL
fundings.year integer NOT NULL
fundings.purpose text NOT NULL DEFAULT ''::text
fundings.restrictions text NOT NULL DEFAULT ''::text
fundings.application_id bigint
fundings.recorded_by bigint NOT NULL DEFAULT 0
fundings.created_at timestamp with time zone NOT NULL
goose_db_version.id integer NOT NULL IDENTITY
goose_db_version.version_id bigint NOT NULL
goose_db_version.is_applied boolean NOT NULL
goose_db_version.tstamp timestamp without time zone NOT NULL DEFAULT now()
holidays.date text NOT NULL
holidays.kind text NOT NULL
holidays.name text NOT NULL DEFAULT ''::text
holidays.updated_by bigint NOT NULL DEFAULT 0
holidays.updated_at timestamp with time zone NOT NULL
incubation_applications.id bigint NOT NULL IDENTITY
incubation_applications.call_id bigint NOT NULL
incubation_applications.site_id bigint NOT NULL
incubation_applications.applicant_id bigint NOT NULL
incubation_applications.org_name text NOT NULL
incubation_applications.org_type text NOT NULL
incubation_applications.legal_form text NOT NULL
incubation_applications.level text NOT NULL
incubation_applications.township text NOT NULL
incubation_applications.plan text NOT NULL
incubation_applications.status text NOT NULL DEFAULT 'submitted'::text
incubation_applications.decision text NOT NULL DEFAULT ''::text
incubation_applications.decided_by bigint NOT NULL DEFAULT 0
incubation_applications.screened_at timestamp with time zone
incubation_applications.decided_at timestamp with time zone
incubation_applications.admitted_at timestamp with time zone
incubation_applications.residency_plan text NOT NULL DEFAULT ''::text
incubation_applications.period_months integer NOT NULL DEFAULT 0
incubation_applications.mentor text NOT NULL DEFAULT ''::text
incubation_applications.started_on text NOT NULL DEFAULT ''::text
incubation_applications.ends_on text NOT NULL DEFAULT ''::text
incubation_applications.report_due_on text NOT NULL DEFAULT ''::text
incubation_applications.report_overdue boolean NOT NULL DEFAULT false
incubation_applications.org_id bigint
incubation_applications.graduated_at timestamp with time zone
incubation_applications.exit_reason text NOT NULL DEFAULT ''::text
incubation_applications.closed_at timestamp with time zone
incubation_applications.created_at timestamp with time zone NOT NULL
incubation_applications.updated_at timestamp with time zone NOT NULL
incubation_calls.id bigint NOT NULL IDENTITY
incubation_calls.site_id bigint NOT NULL
incubation_calls.title text NOT NULL
incubation_calls.description text NOT NULL DEFAULT ''::text
incubation_calls.target_types text NOT NULL DEFAULT ''::text
incubation_calls.criteria text NOT NULL
incubation_calls.opens_on text NOT NULL
incubation_calls.closes_on text NOT NULL
incubation_calls.status text NOT NULL DEFAULT 'draft'::text
incubation_calls.created_by bigint NOT NULL DEFAULT 0
incubation_calls.created_at timestamp with time zone NOT NULL
incubation_calls.published_at timestamp with time zone
incubation_founders.application_id bigint NOT NULL
incubation_founders.seq integer NOT NULL
incubation_founders.name text NOT NULL
incubation_founders.role text NOT NULL DEFAULT ''::text
incubation_founders.phone_enc bytea NOT NULL
incubation_founders.phone_idx text
incubation_milestones.id bigint NOT NULL IDENTITY
incubation_milestones.application_id bigint NOT NULL
incubation_milestones.title text NOT NULL
incubation_milestones.due_on text NOT NULL
incubation_milestones.done_on text NOT NULL DEFAULT ''::text
incubation_reports.id bigint NOT NULL IDENTITY
incubation_reports.application_id bigint NOT NULL
incubation_reports.filed_on text NOT NULL
incubation_reports.progress text NOT NULL
incubation_reports.problems text NOT NULL DEFAULT ''::text
incubation_reports.filed_by bigint NOT NULL DEFAULT 0
incubation_reports.filed_at timestamp with time zone NOT NULL
incubation_reviewers.application_id bigint NOT NULL
incubation_reviewers.expert_id bigint NOT NULL
incubation_reviewers.assigned_by bigint NOT NULL DEFAULT 0
incubation_reviewers.assigned_at timestamp with time zone NOT NULL
incubation_reviewers.comment text NOT NULL DEFAULT ''::text
incubation_reviewers.scored_at timestamp with time zone
incubation_scores.application_id bigint NOT NULL
incubation_scores.expert_id bigint NOT NULL
incubation_scores.criterion integer NOT NULL
incubation_scores.score integer NOT NULL
incubation_services.id bigint NOT NULL IDENTITY
incubation_services.application_id bigint NOT NULL
incubation_services.kind text NOT NULL
incubation_services.held_on text NOT NULL
incubation_services.note text NOT NULL
incubation_services.recorded_by bigint NOT NULL DEFAULT 0
incubation_services.recorded_at timestamp with time zone NOT NULL
incubation_sites.id bigint NOT NULL IDENTITY
incubation_sites.kind text NOT NULL
incubation_sites.township text NOT NULL DEFAULT ''::text
incubation_sites.name text NOT NULL
incubation_sites.host text NOT NULL DEFAULT ''::text
incubation_sites.address text NOT NULL DEFAULT ''::text
incubation_sites.status text NOT NULL DEFAULT 'proposed'::text
incubation_sites.note text NOT NULL DEFAULT ''::text
incubation_sites.proposed_by bigint NOT NULL DEFAULT 0
incubation_sites.decided_by bigint NOT NULL DEFAULT 0
incubation_sites.decided_at timestamp with time zone
incubation_sites.created_at timestamp with time zone NOT NULL
inspection_checklist.position integer NOT NULL
inspection_checklist.item text NOT NULL
inspection_files.inspection_id bigint NOT NULL
inspection_files.file_key text NOT NULL
inspection_files.kind text NOT NULL
inspection_files.at timestamp with time zone NOT NULL
inspection_findings.inspection_id bigint NOT NULL
inspection_findings.position integer NOT NULL
inspection_findings.item text NOT NULL
inspection_findings.result text NOT NULL
inspection_findings.note text NOT NULL DEFAULT ''::text
inspection_steps.id bigint NOT NULL IDENTITY
inspection_steps.inspection_id bigint NOT NULL
inspection_steps.action text NOT NULL
inspection_steps.from_status text NOT NULL
inspection_steps.to_status text NOT NULL
inspection_steps.text text NOT NULL DEFAULT ''::text
inspection_steps.actor_id bigint NOT NULL DEFAULT 0
inspection_steps.actor text NOT NULL
inspection_steps.at timestamp with time zone NOT NULL
inspections.id bigint NOT NULL IDENTITY
inspections.org_id bigint NOT NULL
inspections.kind text NOT NULL
inspections.inspected_on text NOT NULL
inspections.complaint_id bigint
inspections.summary text NOT NULL DEFAULT ''::text
inspections.status text NOT NULL
inspections.order_text text NOT NULL DEFAULT ''::text
inspections.deadline text NOT NULL DEFAULT ''::text
inspections.response text NOT NULL DEFAULT ''::text
inspections.note text NOT NULL DEFAULT ''::text
inspections.overdue_at timestamp with time zone
inspections.reminded_at timestamp with time zone
inspections.inspector_id bigint NOT NULL DEFAULT 0
inspections.inspector text NOT NULL
inspections.role text NOT NULL
inspections.created_at timestamp with time zone NOT NULL
inspections.updated_at timestamp with time zone NOT NULL
inspections.version integer NOT NULL DEFAULT 1
jobs.id bigint NOT NULL IDENTITY
jobs.kind text NOT NULL
jobs.args text NOT NULL DEFAULT '{}'::text
jobs.unique_key text
jobs.state text NOT NULL DEFAULT 'available'::text
jobs.run_at timestamp with time zone NOT NULL
jobs.attempts integer NOT NULL DEFAULT 0
jobs.max_attempts integer NOT NULL DEFAULT 5
jobs.last_error text NOT NULL DEFAULT ''::text
jobs.locked_by text NOT NULL DEFAULT ''::text
jobs.locked_until timestamp with time zone
jobs.created_at timestamp with time zone NOT NULL
jobs.finished_at timestamp with time zone
login_failures.id bigint NOT NULL IDENTITY
login_failures.user_id bigint NOT NULL
login_failures.at timestamp with time zone NOT NULL
mediator_languages.mediator_id bigint NOT NULL
mediator_languages.language text NOT NULL
mediator_orgs.mediator_id bigint NOT NULL
mediator_orgs.org_id bigint NOT NULL
mediator_orgs.position text NOT NULL DEFAULT 'part_time'::text
mediator_orgs.joined_at timestamp with time zone NOT NULL
mediator_orgs.left_at timestamp with time zone
mediator_search.id bigint NOT NULL
mediator_search.bi tsvector NOT NULL
mediator_search.uni tsvector NOT NULL
mediator_specialties.mediator_id bigint NOT NULL
mediator_specialties.dispute_type text NOT NULL
mediator_training.id bigint NOT NULL IDENTITY
mediator_training.mediator_id bigint NOT NULL
mediator_training.title text NOT NULL
mediator_training.held_on text NOT NULL
mediator_training.hours integer NOT NULL
mediator_training.recorded_by bigint NOT NULL DEFAULT 0
mediator_training.recorded_at timestamp with time zone NOT NULL
mediator_transitions.id bigint NOT NULL IDENTITY
mediator_transitions.mediator_id bigint NOT NULL
mediator_transitions.from_status text NOT NULL
mediator_transitions.to_status text NOT NULL
mediator_transitions.reason text NOT NULL DEFAULT ''::text
mediator_transitions.decision text NOT NULL DEFAULT ''::text
mediator_transitions.actor_id bigint NOT NULL
mediator_transitions.actor text NOT NULL
mediator_transitions.at timestamp with time zone NOT NULL
mediators.id bigint NOT NULL IDENTITY
mediators.name text NOT NULL
mediators.gender text NOT NULL DEFAULT ''::text
mediators.id_number_enc bytea
mediators.id_number_idx text
mediators.phone_enc bytea
mediators.phone_idx text
mediators.photo_file text
mediators.background text NOT NULL DEFAULT 'other'::text
mediators.certificates text NOT NULL DEFAULT ''::text
mediators.practice_since integer
mediators.grade integer NOT NULL DEFAULT 0
mediators.bio text NOT NULL DEFAULT ''::text
mediators.public boolean NOT NULL DEFAULT true
mediators.status text NOT NULL DEFAULT 'active'::text
mediators.status_reason text NOT NULL DEFAULT ''::text
mediators.status_decision text NOT NULL DEFAULT ''::text
mediators.status_at timestamp with time zone
mediators.user_id bigint
mediators.created_by bigint NOT NULL DEFAULT 0
mediators.created_at timestamp with time zone NOT NULL
mediators.updated_at timestamp with time zone NOT NULL
mediators.version integer NOT NULL DEFAULT 1
meeting_agencies.meeting_id bigint NOT NULL
meeting_agencies.agency_id bigint NOT NULL
meeting_decisions.id bigint NOT NULL IDENTITY
meeting_decisions.meeting_id bigint NOT NULL
meeting_decisions.text text NOT NULL
meeting_decisions.owner_kind text NOT NULL
meeting_decisions.owner_id bigint NOT NULL DEFAULT 0
meeting_decisions.township text NOT NULL DEFAULT ''::text
meeting_decisions.due_on text NOT NULL
meeting_decisions.status text NOT NULL DEFAULT 'open'::text
meeting_decisions.done_note text NOT NULL DEFAULT ''::text
meeting_decisions.done_at timestamp with time zone
meeting_decisions.created_at timestamp with time zone NOT NULL
meeting_decisions.updated_at timestamp with time zone NOT NULL
meeting_orgs.meeting_id bigint NOT NULL
meeting_orgs.org_id bigint NOT NULL
meeting_progress.id bigint NOT NULL IDENTITY
meeting_progress.decision_id bigint NOT NULL
meeting_progress.note text NOT NULL
meeting_progress.by_user bigint NOT NULL DEFAULT 0
meeting_progress.at timestamp with time zone NOT NULL
meetings.id bigint NOT NULL IDENTITY
meetings.kind text NOT NULL
meetings.title text NOT NULL
meetings.held_at timestamp with time zone NOT NULL
meetings.place text NOT NULL DEFAULT ''::text
meetings.township text NOT NULL DEFAULT ''::text
meetings.agenda text NOT NULL DEFAULT ''::text
meetings.people text NOT NULL DEFAULT ''::text
meetings.minutes text NOT NULL DEFAULT ''::text
meetings.minutes_at timestamp with time zone
meetings.created_by bigint NOT NULL DEFAULT 0
meetings.created_at timestamp with time zone NOT NULL
meetings.updated_at timestamp with time zone NOT NULL
mentorship_notes.id bigint NOT NULL IDENTITY
mentorship_notes.mentorship_id bigint NOT NULL
mentorship_notes.body text NOT NULL
mentorship_notes.written_by bigint NOT NULL DEFAULT 0
mentorship_notes.written_at timestamp with time zone NOT NULL
mentorships.id bigint NOT NULL IDENTITY
mentorships.mentor_id bigint NOT NULL
mentorships.apprentice_id bigint NOT NULL
mentorships.starts_on text NOT NULL
mentorships.ends_on text NOT NULL
mentorships.goals text NOT NULL DEFAULT ''::text
mentorships.status text NOT NULL
mentorships.closing_note text NOT NULL DEFAULT ''::text
mentorships.completed_at timestamp with time zone
mentorships.created_by bigint NOT NULL DEFAULT 0
mentorships.created_at timestamp with time zone NOT NULL
org_documents.id bigint NOT NULL IDENTITY
org_documents.org_id bigint NOT NULL
org_documents.kind text NOT NULL
org_documents.version integer NOT NULL
org_documents.title text NOT NULL
org_documents.file_key text NOT NULL
org_documents.public boolean NOT NULL DEFAULT false
org_documents.uploaded_by bigint NOT NULL
org_documents.uploaded_at timestamp with time zone NOT NULL
org_evaluations.id bigint NOT NULL IDENTITY
org_evaluations.org_id bigint NOT NULL
org_evaluations.year integer NOT NULL
org_evaluations.score integer NOT NULL
org_evaluations.grade text NOT NULL
org_evaluations.remarks text NOT NULL DEFAULT ''::text
org_evaluations.evaluator_id bigint NOT NULL DEFAULT 0
org_evaluations.evaluator text NOT NULL
org_evaluations.created_at timestamp with time zone NOT NULL
org_evaluations.updated_at timestamp with time zone NOT NULL
org_languages.org_id bigint NOT NULL
org_languages.language text NOT NULL
org_prereview.org_id bigint NOT NULL
org_prereview.founders text NOT NULL DEFAULT ''::text
org_prereview.mediators text NOT NULL DEFAULT ''::text
org_prereview.premises text NOT NULL DEFAULT ''::text
org_prereview.funding text NOT NULL DEFAULT ''::text
org_prereview.submitted_at timestamp with time zone
org_prereview.updated_at timestamp with time zone NOT NULL
org_sanctions.id bigint NOT NULL IDENTITY
org_sanctions.org_id bigint NOT NULL
org_sanctions.kind text NOT NULL
org_sanctions.title text NOT NULL DEFAULT ''::text
org_sanctions.granted_by text NOT NULL DEFAULT ''::text
org_sanctions.decided_on text NOT NULL
org_sanctions.reason text NOT NULL DEFAULT ''::text
org_sanctions.document text NOT NULL DEFAULT ''::text
org_sanctions.file_key text
org_sanctions.levels integer NOT NULL DEFAULT 0
org_sanctions.stars_before integer
org_sanctions.stars_after integer
org_sanctions.mediator_id bigint
org_sanctions.deadline text NOT NULL DEFAULT ''::text
org_sanctions.inspection_id bigint
org_sanctions.recorder_id bigint NOT NULL DEFAULT 0
org_sanctions.recorder text NOT NULL
org_sanctions.role text NOT NULL
org_sanctions.created_at timestamp with time zone NOT NULL
org_search.id bigint NOT NULL
org_search.bi tsvector NOT NULL
org_search.uni tsvector NOT NULL
org_specialties.org_id bigint NOT NULL
org_specialties.dispute_type text NOT NULL
org_star_history.id bigint NOT NULL IDENTITY
org_star_history.org_id bigint NOT NULL
org_star_history.stars integer NOT NULL
org_star_history.stars_until timestamp with time zone
org_star_history.source text NOT NULL
org_star_history.ref_id bigint NOT NULL DEFAULT 0
org_star_history.note text NOT NULL DEFAULT ''::text
org_star_history.recorded_by bigint NOT NULL DEFAULT 0
org_star_history.recorded_at timestamp with time zone NOT NULL
org_transitions.id bigint NOT NULL IDENTITY
org_transitions.org_id bigint NOT NULL
org_transitions.action text NOT NULL
org_transitions.from_status text NOT NULL
org_transitions.to_status text NOT NULL
org_transitions.from_stage text NOT NULL DEFAULT ''::text
org_transitions.to_stage text NOT NULL DEFAULT ''::text
org_transitions.reason text NOT NULL DEFAULT ''::text
org_transitions.detail text NOT NULL DEFAULT ''::text
org_transitions.actor_id bigint NOT NULL
org_transitions.actor text NOT NULL
org_transitions.role text NOT NULL DEFAULT ''::text
org_transitions.at timestamp with time zone NOT NULL
orgs.id bigint NOT NULL IDENTITY
orgs.name text NOT NULL
orgs.short_name text NOT NULL DEFAULT ''::text
orgs.type text NOT NULL
orgs.legal_form text NOT NULL
orgs.level text NOT NULL
orgs.township text NOT NULL
orgs.address text NOT NULL DEFAULT ''::text
orgs.latitude double precision
orgs.longitude double precision
orgs.credit_code text
orgs.registration_authority text NOT NULL DEFAULT ''::text
orgs.registration_date timestamp with time zone
orgs.legal_rep text NOT NULL DEFAULT ''::text
orgs.contact_name text NOT NULL DEFAULT ''::text
orgs.contact_phone text NOT NULL DEFAULT ''::text
orgs.email text NOT NULL DEFAULT ''::text
orgs.website text NOT NULL DEFAULT ''::text
orgs.description text NOT NULL DEFAULT ''::text
orgs.online boolean NOT NULL DEFAULT false
orgs.charges boolean NOT NULL DEFAULT false
orgs.status text NOT NULL
orgs.stage text NOT NULL DEFAULT ''::text
orgs.stars integer
orgs.stars_until timestamp with time zone
orgs.featured boolean NOT NULL DEFAULT false
orgs.featured_rank integer NOT NULL DEFAULT 0
orgs.featured_reason text NOT NULL DEFAULT ''::text
orgs.logo_file text
orgs.founded_at timestamp with time zone
orgs.created_by bigint NOT NULL DEFAULT 0
orgs.created_at timestamp with time zone NOT NULL
orgs.updated_at timestamp with time zone NOT NULL
orgs.version integer NOT NULL DEFAULT 1
orgs.seal_key text NOT NULL DEFAULT ''::text
orgs.abnormal_since timestamp with time zone
password_history.id bigint NOT NULL IDENTITY
password_history.user_id bigint NOT NULL
password_history.password_hash text NOT NULL
password_history.created_at timestamp with time zone NOT NULL
phone_codes.id bigint NOT NULL IDENTITY
phone_codes.phone_idx text NOT NULL
phone_codes.code_hash text NOT NULL
phone_codes.created_at timestamp with time zone NOT NULL
phone_codes.expires_at timestamp with time zone NOT NULL
phone_codes.attempts integer NOT NULL DEFAULT 0
phone_codes.used_at timestamp with time zone
phone_codes.client_ip text NOT NULL DEFAULT ''::text
phone_codes.purpose text NOT NULL DEFAULT ''::text
plan_phases.seq integer NOT NULL
plan_phases.name text NOT NULL
plan_phases.starts_on text NOT NULL
plan_phases.ends_on text NOT NULL
plan_phases.updated_at timestamp with time zone NOT NULL
plan_pilots.township text NOT NULL
plan_pilots.batch integer NOT NULL
plan_pilots.chosen_by bigint NOT NULL DEFAULT 0
plan_pilots.chosen_at timestamp with time zone NOT NULL
plan_tasks.id bigint NOT NULL IDENTITY
plan_tasks.phase integer NOT NULL
plan_tasks.position integer NOT NULL
plan_tasks.text text NOT NULL
plan_tasks.owner text NOT NULL
plan_tasks.due_on text NOT NULL
plan_tasks.metric text NOT NULL DEFAULT ''::text
plan_tasks.done boolean NOT NULL DEFAULT false
plan_tasks.done_on text NOT NULL DEFAULT ''::text
plan_tasks.note text NOT NULL DEFAULT ''::text
plan_tasks.file_key text
plan_tasks.done_by bigint NOT NULL DEFAULT 0
plan_tasks.done_at timestamp with time zone
plan_tasks.created_at timestamp with time zone NOT NULL
plan_tasks.updated_at timestamp with time zone NOT NULL
procurement_bids.id bigint NOT NULL IDENTITY
procurement_bids.project_id bigint NOT NULL
procurement_bids.org_id bigint NOT NULL
procurement_bids.proposal text NOT NULL
procurement_bids.price_fen bigint NOT NULL
procurement_bids.status text NOT NULL
procurement_bids.total10 integer
procurement_bids.created_by bigint NOT NULL DEFAULT 0
procurement_bids.created_at timestamp with time zone NOT NULL
procurement_bids.updated_at timestamp with time zone NOT NULL
procurement_contracts.id bigint NOT NULL IDENTITY
procurement_contracts.project_id bigint NOT NULL
procurement_contracts.bid_id bigint NOT NULL
procurement_contracts.org_id bigint NOT NULL
procurement_contracts.amount_fen bigint NOT NULL
procurement_contracts.period_from text NOT NULL
procurement_contracts.period_to text NOT NULL
procurement_contracts.report_every text NOT NULL
procurement_contracts.min_success_pct integer NOT NULL DEFAULT 0
procurement_contracts.min_satisfaction integer NOT NULL DEFAULT 0
procurement_contracts.signed_on text NOT NULL
procurement_contracts.final_grade text NOT NULL DEFAULT ''::text
procurement_contracts.final_note text NOT NULL DEFAULT ''::text
procurement_contracts.final_at timestamp with time zone
procurement_contracts.created_by bigint NOT NULL DEFAULT 0
procurement_contracts.created_at timestamp with time zone NOT NULL
procurement_criteria.id bigint NOT NULL IDENTITY
procurement_criteria.project_id bigint NOT NULL
procurement_criteria.position integer NOT NULL
procurement_criteria.name text NOT NULL
procurement_criteria.weight integer NOT NULL
procurement_deliverables.id bigint NOT NULL IDENTITY
procurement_deliverables.contract_id bigint NOT NULL
procurement_deliverables.position integer NOT NULL
procurement_deliverables.kind text NOT NULL
procurement_deliverables.title text NOT NULL
procurement_deliverables.target integer NOT NULL
procurement_deliverables.actual integer NOT NULL DEFAULT 0
procurement_deliverables.verified_at timestamp with time zone
procurement_experts.project_id bigint NOT NULL
procurement_experts.expert_id bigint NOT NULL
procurement_experts.assigned_by bigint NOT NULL DEFAULT 0
procurement_experts.assigned_at timestamp with time zone NOT NULL
procurement_milestones.id bigint NOT NULL IDENTITY
procurement_milestones.contract_id bigint NOT NULL
procurement_milestones.position integer NOT NULL
procurement_milestones.title text NOT NULL
procurement_milestones.amount_fen bigint NOT NULL
procurement_milestones.due_on text NOT NULL
procurement_payments.id bigint NOT NULL IDENTITY
procurement_payments.contract_id bigint NOT NULL
procurement_payments.milestone_id bigint NOT NULL
procurement_payments.amount_fen bigint NOT NULL
procurement_payments.paid_on text NOT NULL
procurement_payments.voucher text NOT NULL DEFAULT ''::text
procurement_payments.note text NOT NULL DEFAULT ''::text
procurement_payments.recorded_by bigint NOT NULL DEFAULT 0
procurement_payments.recorded_at timestamp with time zone NOT NULL
procurement_projects.id bigint NOT NULL IDENTITY
procurement_projects.agency_id bigint
procurement_projects.title text NOT NULL
procurement_projects.scope text NOT NULL
procurement_projects.category text NOT NULL
procurement_projects.dispute_types text NOT NULL DEFAULT ''::text
procurement_projects.township text NOT NULL DEFAULT ''::text
procurement_projects.budget_fen bigint NOT NULL
procurement_projects.min_stars integer NOT NULL DEFAULT 0
procurement_projects.org_types text NOT NULL DEFAULT ''::text
procurement_projects.no_sanction boolean NOT NULL DEFAULT false
procurement_projects.window_from text NOT NULL
procurement_projects.window_to text NOT NULL
procurement_projects.status text NOT NULL
procurement_projects.result_note text NOT NULL DEFAULT ''::text
procurement_projects.cancel_reason text NOT NULL DEFAULT ''::text
procurement_projects.published_at timestamp with time zone
procurement_projects.awarded_at timestamp with time zone
procurement_projects.created_by bigint NOT NULL DEFAULT 0
procurement_projects.created_at timestamp with time zone NOT NULL
procurement_projects.updated_at timestamp with time zone NOT NULL
procurement_reports.id bigint NOT NULL IDENTITY
procurement_reports.contract_id bigint NOT NULL
procurement_reports.period_from text NOT NULL
procurement_reports.period_to text NOT NULL
procurement_reports.due_on text NOT NULL
procurement_reports.body text NOT NULL DEFAULT ''::text
procurement_reports.hours integer NOT NULL DEFAULT 0
procurement_reports.filed_at timestamp with time zone
procurement_reports.filed_by bigint NOT NULL DEFAULT 0
procurement_reports.reminded_at timestamp with time zone
procurement_reports.overdue_at timestamp with time zone
procurement_scores.bid_id bigint NOT NULL
procurement_scores.expert_id bigint NOT NULL
procurement_scores.criterion_id bigint NOT NULL
procurement_scores.score integer NOT NULL
procurement_scores.scored_at timestamp with time zone NOT NULL
rating_applications.id bigint NOT NULL IDENTITY
rating_applications.round_id bigint NOT NULL
rating_applications.org_id bigint NOT NULL
rating_applications.statement text NOT NULL DEFAULT ''::text
rating_applications.total10 integer
rating_applications.stars integer
rating_applications.final10 integer
rating_applications.final_stars integer
rating_applications.created_by bigint NOT NULL DEFAULT 0
rating_applications.created_at timestamp with time zone NOT NULL
rating_applications.updated_at timestamp with time zone NOT NULL
rating_assignments.application_id bigint NOT NULL
rating_assignments.expert_id bigint NOT NULL
rating_assignments.assigned_by bigint NOT NULL DEFAULT 0
rating_assignments.assigned_at timestamp with time zone NOT NULL
rating_assignments.submitted_at timestamp with time zone
rating_evidence.id bigint NOT NULL IDENTITY
rating_evidence.application_id bigint NOT NULL
rating_evidence.indicator_id bigint
rating_evidence.title text NOT NULL
rating_evidence.file_key text NOT NULL
rating_evidence.uploaded_by bigint NOT NULL DEFAULT 0
rating_evidence.uploaded_at timestamp with time zone NOT NULL
rating_indicators.id bigint NOT NULL IDENTITY
rating_indicators.set_id bigint NOT NULL
rating_indicators.position integer NOT NULL
rating_indicators.category text NOT NULL
rating_indicators.name text NOT NULL
rating_indicators.max_score integer NOT NULL
rating_indicators.evidence text NOT NULL DEFAULT ''::text
rating_indicators.rules text NOT NULL DEFAULT ''::text
rating_indicators.source text NOT NULL DEFAULT ''::text
rating_objections.id bigint NOT NULL IDENTITY
rating_objections.application_id bigint NOT NULL
rating_objections.reasons text NOT NULL
rating_objections.filed_by bigint NOT NULL DEFAULT 0
rating_objections.filed_at timestamp with time zone NOT NULL
rating_objections.answer text NOT NULL DEFAULT ''::text
rating_objections.new_total10 integer
rating_objections.answered_by bigint NOT NULL DEFAULT 0
rating_objections.answered_at timestamp with time zone
rating_rounds.id bigint NOT NULL IDENTITY
rating_rounds.title text NOT NULL
rating_rounds.set_id bigint NOT NULL
rating_rounds.period_from text NOT NULL
rating_rounds.period_to text NOT NULL
rating_rounds.apply_until text NOT NULL
rating_rounds.status text NOT NULL DEFAULT 'open'::text
rating_rounds.published_at timestamp with time zone
rating_rounds.objection_due timestamp with time zone
rating_rounds.finalized_at timestamp with time zone
rating_rounds.created_by bigint NOT NULL DEFAULT 0
rating_rounds.created_at timestamp with time zone NOT NULL
rating_scores.application_id bigint NOT NULL
rating_scores.expert_id bigint NOT NULL
rating_scores.indicator_id bigint NOT NULL
rating_scores.score10 integer NOT NULL
rating_scores.comment text NOT NULL DEFAULT ''::text
rating_self.application_id bigint NOT NULL
rating_self.indicator_id bigint NOT NULL
rating_self.score10 integer NOT NULL
rating_self.note text NOT NULL DEFAULT ''::text
rating_sets.id bigint NOT NULL IDENTITY
rating_sets.title text NOT NULL
rating_sets.version integer
rating_sets.status text NOT NULL DEFAULT 'draft'::text
rating_sets.created_by bigint NOT NULL DEFAULT 0
rating_sets.created_at timestamp with time zone NOT NULL
rating_sets.updated_at timestamp with time zone NOT NULL
rating_sets.published_at timestamp with time zone
recovery_codes.id bigint NOT NULL IDENTITY
recovery_codes.user_id bigint NOT NULL
recovery_codes.code_hash text NOT NULL
recovery_codes.used_at timestamp with time zone
room_messages.id bigint NOT NULL IDENTITY
room_messages.case_id bigint NOT NULL
room_messages.channel text NOT NULL
room_messages.author_id bigint NOT NULL
room_messages.author_name text NOT NULL
room_messages.author_role text NOT NULL
room_messages.body text NOT NULL
room_messages.file_key text NOT NULL DEFAULT ''::text
room_messages.created_at timestamp with time zone NOT NULL
room_reads.case_id bigint NOT NULL
room_reads.user_id bigint NOT NULL
room_reads.channel text NOT NULL
room_reads.last_read_id bigint NOT NULL
room_reads.updated_at timestamp with time zone NOT NULL
room_sessions.id bigint NOT NULL IDENTITY
room_sessions.case_id bigint NOT NULL
room_sessions.starts_at timestamp with time zone NOT NULL
room_sessions.mode text NOT NULL
room_sessions.place text NOT NULL DEFAULT ''::text
room_sessions.video_url text NOT NULL DEFAULT ''::text
room_sessions.note text NOT NULL DEFAULT ''::text
room_sessions.created_by bigint NOT NULL
room_sessions.created_by_name text NOT NULL
room_sessions.created_at timestamp with time zone NOT NULL
room_sessions.cancelled_at timestamp with time zone
rooms.case_id bigint NOT NULL
rooms.posts bigint NOT NULL DEFAULT 0
rooms.last_message_id bigint NOT NULL DEFAULT 0
service_dispute_types.service_id bigint NOT NULL
service_dispute_types.dispute_type text NOT NULL
services.id bigint NOT NULL IDENTITY
services.org_id bigint NOT NULL
services.name text NOT NULL
services.description text NOT NULL DEFAULT ''::text
services.price bigint
services.price_note text NOT NULL DEFAULT ''::text
services.position integer NOT NULL DEFAULT 0
services.created_at timestamp with time zone NOT NULL
services.updated_at timestamp with time zone NOT NULL
sessions.token_hash text NOT NULL
sessions.user_id bigint NOT NULL
sessions.method text NOT NULL
sessions.mfa_passed boolean NOT NULL DEFAULT false
sessions.lang text NOT NULL DEFAULT ''::text
sessions.client_ip text NOT NULL DEFAULT ''::text
sessions.user_agent text NOT NULL DEFAULT ''::text
sessions.created_at timestamp with time zone NOT NULL
sessions.last_seen_at timestamp with time zone NOT NULL
sessions.expires_at timestamp with time zone NOT NULL
settings.key text NOT NULL
settings.value text NOT NULL
settings.updated_by bigint NOT NULL DEFAULT 0
settings.updated_at timestamp with time zone NOT NULL
stats_case_rollup.basis text NOT NULL
stats_case_rollup.month text NOT NULL
stats_case_rollup.township text NOT NULL
stats_case_rollup.org_id bigint NOT NULL DEFAULT 0
stats_case_rollup.dispute_type text NOT NULL
stats_case_rollup.source text NOT NULL
stats_case_rollup.outcome text NOT NULL
stats_case_rollup.agreement_form text NOT NULL DEFAULT ''::text
stats_case_rollup.days integer NOT NULL DEFAULT '-1'::integer
stats_case_rollup.cases bigint NOT NULL
stats_case_rollup.amount_fen bigint NOT NULL DEFAULT 0
stats_case_rollup.ratings bigint NOT NULL DEFAULT 0
stats_case_rollup.stars bigint NOT NULL DEFAULT 0
stats_district_lines.period text NOT NULL
stats_district_lines.township text NOT NULL
stats_district_lines.grp text NOT NULL
stats_district_lines.item text NOT NULL
stats_district_lines.filed bigint NOT NULL DEFAULT 0
stats_district_lines.filed_fen bigint NOT NULL DEFAULT 0
stats_district_lines.o_open bigint NOT NULL DEFAULT 0
stats_district_lines.o_agreement bigint NOT NULL DEFAULT 0
stats_district_lines.o_terminated bigint NOT NULL DEFAULT 0
stats_district_lines.o_withdrawn bigint NOT NULL DEFAULT 0
stats_district_lines.o_rejected bigint NOT NULL DEFAULT 0
stats_district_lines.accepted bigint NOT NULL DEFAULT 0
stats_district_lines.closed bigint NOT NULL DEFAULT 0
stats_district_lines.agreed bigint NOT NULL DEFAULT 0
stats_district_lines.agreed_fen bigint NOT NULL DEFAULT 0
stats_district_lines.written bigint NOT NULL DEFAULT 0
stats_district_lines.oral bigint NOT NULL DEFAULT 0
stats_district_lines.ratings bigint NOT NULL DEFAULT 0
stats_district_lines.stars bigint NOT NULL DEFAULT 0
stats_district_lines.days text NOT NULL DEFAULT ''::text
stats_org_period.period text NOT NULL
stats_org_period.township text NOT NULL
stats_org_period.org_id bigint NOT NULL
stats_org_period.filed bigint NOT NULL DEFAULT 0
stats_org_period.accepted bigint NOT NULL DEFAULT 0
stats_org_period.closed bigint NOT NULL DEFAULT 0
stats_watermarks.name text NOT NULL
stats_watermarks.at timestamp with time zone NOT NULL
training_courses.id bigint NOT NULL IDENTITY
training_courses.title text NOT NULL
training_courses.topic text NOT NULL DEFAULT ''::text
training_courses.hours integer NOT NULL
training_courses.township text NOT NULL DEFAULT ''::text
training_courses.description text NOT NULL DEFAULT ''::text
training_courses.created_by bigint NOT NULL DEFAULT 0
training_courses.created_at timestamp with time zone NOT NULL
training_courses.updated_at timestamp with time zone NOT NULL
training_enrolments.id bigint NOT NULL IDENTITY
training_enrolments.session_id bigint NOT NULL
training_enrolments.mediator_id bigint NOT NULL
training_enrolments.status text NOT NULL
training_enrolments.enrolled_by bigint NOT NULL DEFAULT 0
training_enrolments.enrolled_at timestamp with time zone NOT NULL
training_enrolments.marked_by bigint NOT NULL DEFAULT 0
training_enrolments.marked_at timestamp with time zone
training_enrolments.training_id bigint
training_enrolments.certificate_no text
training_enrolments.reminded_at timestamp with time zone
training_sessions.id bigint NOT NULL IDENTITY
training_sessions.course_id bigint NOT NULL
training_sessions.starts_at timestamp with time zone NOT NULL
training_sessions.ends_at timestamp with time zone NOT NULL
training_sessions.deadline timestamp with time zone NOT NULL
training_sessions.place text NOT NULL DEFAULT ''::text
training_sessions.link text NOT NULL DEFAULT ''::text
training_sessions.capacity integer NOT NULL
training_sessions.created_by bigint NOT NULL DEFAULT 0
training_sessions.created_at timestamp with time zone NOT NULL
training_sessions.version integer NOT NULL DEFAULT 0
training_sessions.updated_by bigint NOT NULL DEFAULT 0
training_sessions.updated_at timestamp with time zone
training_sessions.cancelled_at timestamp with time zone
training_sessions.cancelled_by bigint NOT NULL DEFAULT 0
training_sessions.cancel_reason text NOT NULL DEFAULT ''::text
user_roles.id bigint NOT NULL IDENTITY
user_roles.user_id bigint NOT NULL
user_roles.role text NOT NULL
user_roles.township_code text NOT NULL DEFAULT ''::text
user_roles.org_id bigint NOT NULL DEFAULT 0
user_roles.granted_by bigint NOT NULL DEFAULT 0
user_roles.granted_at timestamp with time zone NOT NULL
users.id bigint NOT NULL IDENTITY
users.login text
users.display_name text NOT NULL
users.email text NOT NULL DEFAULT ''::text
users.phone_enc bytea
users.phone_idx text
users.password_hash text
users.password_changed_at timestamp with time zone
users.must_change_password boolean NOT NULL DEFAULT false
users.status text NOT NULL DEFAULT 'active'::text
users.locked_until timestamp with time zone
users.totp_secret_enc bytea
users.totp_enabled_at timestamp with time zone
users.totp_last_step bigint NOT NULL DEFAULT 0
users.last_login_at timestamp with time zone
users.created_at timestamp with time zone NOT NULL
users.updated_at timestamp with time zone NOT NULL
venture_applications.id bigint NOT NULL IDENTITY
venture_applications.round_id bigint NOT NULL
venture_applications.org_id bigint NOT NULL
venture_applications.title text NOT NULL
venture_applications.plan text NOT NULL
venture_applications.requested bigint NOT NULL
venture_applications.award bigint NOT NULL DEFAULT 0
venture_applications.created_by bigint NOT NULL DEFAULT 0
venture_applications.created_at timestamp with time zone NOT NULL
venture_applications.updated_at timestamp with time zone NOT NULL
venture_experts.round_id bigint NOT NULL
venture_experts.expert_id bigint NOT NULL
venture_experts.assigned_by bigint NOT NULL DEFAULT 0
venture_experts.assigned_at timestamp with time zone NOT NULL
venture_report_reminders.application_id bigint NOT NULL
venture_report_reminders.kind text NOT NULL
venture_report_reminders.stage text NOT NULL
venture_report_reminders.due_on text NOT NULL
venture_report_reminders.reminded_at timestamp with time zone NOT NULL
venture_reports.id bigint NOT NULL IDENTITY
venture_reports.application_id bigint NOT NULL
venture_reports.kind text NOT NULL
venture_reports.body text NOT NULL
venture_reports.filed_by bigint NOT NULL DEFAULT 0
venture_reports.filed_at timestamp with time zone NOT NULL
venture_rounds.id bigint NOT NULL IDENTITY
venture_rounds.title text NOT NULL
venture_rounds.theme text NOT NULL DEFAULT ''::text
venture_rounds.budget bigint NOT NULL
venture_rounds.project_cap bigint NOT NULL
venture_rounds.opens_on text NOT NULL
venture_rounds.closes_on text NOT NULL
venture_rounds.criteria text NOT NULL
venture_rounds.status text NOT NULL DEFAULT 'open'::text
venture_rounds.published_at timestamp with time zone
venture_rounds.created_by bigint NOT NULL DEFAULT 0
venture_rounds.created_at timestamp with time zone NOT NULL
venture_rounds.updated_at timestamp with time zone NOT NULL
venture_scores.application_id bigint NOT NULL
venture_scores.expert_id bigint NOT NULL
venture_scores.scores text NOT NULL
venture_scores.comment text NOT NULL DEFAULT ''::text
venture_scores.scored_at timestamp with time zone NOT NULL

-- constraints
agencies PRIMARY KEY (id)
agencies UNIQUE (name)
agency_members FOREIGN KEY (agency_id) REFERENCES agencies(id)
agency_members FOREIGN KEY (user_id) REFERENCES users(id)
agency_members PRIMARY KEY (agency_id, user_id)
api_tokens FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE
api_tokens PRIMARY KEY (id)
api_tokens UNIQUE (token_hash)
article_pictures FOREIGN KEY (article_id) REFERENCES articles(id)
article_pictures FOREIGN KEY (file_key) REFERENCES files(key)
article_pictures PRIMARY KEY (id)
articles CHECK ((kind = ANY (ARRAY['intro'::text, 'news'::text, 'event'::text])))
articles CHECK ((status = ANY (ARRAY['draft'::text, 'published'::text, 'archived'::text])))
articles FOREIGN KEY (cover_file) REFERENCES files(key)
articles FOREIGN KEY (org_id) REFERENCES orgs(id)
articles PRIMARY KEY (id)
association_measures CHECK ((kind = ANY (ARRAY['talk'::text, 'criticism'::text, 'suspend'::text, 'cancel'::text])))
association_measures FOREIGN KEY (member_id) REFERENCES association_members(id)
association_measures PRIMARY KEY (id)
association_members CHECK ((status = ANY (ARRAY['applied'::text, 'member'::text, 'declined'::text, 'suspended'::text, 'cancelled'::text])))
association_members FOREIGN KEY (org_id) REFERENCES orgs(id)
association_members PRIMARY KEY (id)
association_members UNIQUE (org_id)
audit_head CHECK ((id = 1))
audit_head PRIMARY KEY (id)
audit_log CHECK ((outcome = ANY (ARRAY['ok'::text, 'denied'::text, 'failed'::text])))
audit_log PRIMARY KEY (seq)
case_access FOREIGN KEY (case_id) REFERENCES cases(id)
case_access FOREIGN KEY (user_id) REFERENCES users(id)
case_access PRIMARY KEY (id)
case_agreements FOREIGN KEY (case_id) REFERENCES cases(id)
case_agreements PRIMARY KEY (id)
case_agreements UNIQUE (case_id, version)
case_assignments CHECK ((how = ANY (ARRAY['org'::text, 'parties'::text])))
case_assignments FOREIGN KEY (case_id) REFERENCES cases(id)
case_assignments FOREIGN KEY (mediator_id) REFERENCES mediators(id)
case_assignments PRIMARY KEY (id)
case_confirmations CHECK ((method = ANY (ARRAY['online'::text, 'in_person'::text])))
case_confirmations FOREIGN KEY (agreement_id) REFERENCES case_agreements(id)
case_confirmations FOREIGN KEY (party_id) REFERENCES case_parties(id)
case_confirmations PRIMARY KEY (agreement_id, party_id)
case_events FOREIGN KEY (case_id) REFERENCES cases(id)
case_events PRIMARY KEY (id)
case_evidence FOREIGN KEY (case_id) REFERENCES cases(id)
case_evidence FOREIGN KEY (file_key) REFERENCES files(key)
case_evidence FOREIGN KEY (party_id) REFERENCES case_parties(id)
case_evidence PRIMARY KEY (id)
case_parties CHECK ((kind = ANY (ARRAY['person'::text, 'org'::text])))
case_parties CHECK ((side = ANY (ARRAY['applicant'::text, 'respondent'::text])))
case_parties FOREIGN KEY (agent_for) REFERENCES case_parties(id)
case_parties FOREIGN KEY (case_id) REFERENCES cases(id)
case_parties FOREIGN KEY (user_id) REFERENCES users(id)
case_parties PRIMARY KEY (id)
case_parties UNIQUE (invite_hash)
case_payments CHECK ((amount_fen <> 0))
case_payments CHECK ((method = ANY (ARRAY['cash'::text, 'transfer'::text, 'online'::text, 'other'::text])))
case_payments FOREIGN KEY (case_id) REFERENCES cases(id)
case_payments PRIMARY KEY (id)
case_ratings CHECK (((stars >= 1) AND (stars <= 5)))
case_ratings FOREIGN KEY (case_id) REFERENCES cases(id)
case_ratings FOREIGN KEY (party_id) REFERENCES case_parties(id)
case_ratings PRIMARY KEY (case_id, party_id)
case_recusals CHECK ((status = ANY (ARRAY['pending'::text, 'granted'::text, 'refused'::text])))
case_recusals FOREIGN KEY (case_id) REFERENCES cases(id)
case_recusals FOREIGN KEY (mediator_id) REFERENCES mediators(id)
case_recusals FOREIGN KEY (party_id) REFERENCES case_parties(id)
case_recusals PRIMARY KEY (id)
case_serials PRIMARY KEY (scope, year)
case_visits CHECK ((performed = ANY (ARRAY['full'::text, 'partial'::text, 'none'::text])))
case_visits FOREIGN KEY (case_id) REFERENCES cases(id)
case_visits PRIMARY KEY (id)
cases CHECK ((source = ANY (ARRAY['online'::text, 'desk'::text, 'referral'::text, 'court'::text, 'city'::text])))
cases CHECK ((status = ANY (ARRAY['draft'::text, 'submitted'::text, 'awaiting_org'::text, 'awaiting_resp'::text, 'mediating'::text, 'signing'::text, 'agreed'::text, 'confirming'::text, 'performed'::text, 'visited'::text, 'terminated'::text, 'withdrawn'::text, 'rejected'::text, 'archived'::text])))
cases FOREIGN KEY (mediator_id) REFERENCES mediators(id)
cases FOREIGN KEY (org_id) REFERENCES orgs(id)
cases FOREIGN KEY (owner_id) REFERENCES users(id)
cases FOREIGN KEY (referrer_id) REFERENCES users(id)
cases PRIMARY KEY (id)
cases UNIQUE (file_no)
cases UNIQUE (number)
complaint_steps FOREIGN KEY (complaint_id) REFERENCES complaints(id)
complaint_steps PRIMARY KEY (id)
complaints CHECK ((handler = ANY (ARRAY['township'::text, 'association'::text, 'bureau'::text])))
complaints CHECK ((outcome = ANY (ARRAY[''::text, 'upheld'::text, 'partly_upheld'::text, 'not_upheld'::text])))
complaints CHECK ((status = ANY (ARRAY['filed'::text, 'acknowledged'::text, 'investigating'::text, 'answered'::text, 'closed'::text, 'rejected'::text, 'withdrawn'::text])))
complaints FOREIGN KEY (complainant_user_id) REFERENCES users(id)
complaints FOREIGN KEY (subject_mediator_id) REFERENCES mediators(id)
complaints FOREIGN KEY (subject_org_id) REFERENCES orgs(id)
complaints PRIMARY KEY (id)
disclosures CHECK ((kind = ANY (ARRAY['annual'::text, 'adhoc'::text])))
disclosures CHECK ((status = ANY (ARRAY['draft'::text, 'filed'::text])))
disclosures FOREIGN KEY (org_id) REFERENCES orgs(id)
disclosures PRIMARY KEY (id)
expert_ties CHECK ((kind = ANY (ARRAY['employee'::text, 'adviser'::text, 'founder'::text, 'relative'::text, 'other'::text])))
expert_ties FOREIGN KEY (expert_id) REFERENCES experts(id)
expert_ties FOREIGN KEY (org_id) REFERENCES orgs(id)
expert_ties PRIMARY KEY (expert_id, org_id)
experts CHECK ((status = ANY (ARRAY['active'::text, 'inactive'::text])))
experts FOREIGN KEY (user_id) REFERENCES users(id)
experts PRIMARY KEY (id)
experts UNIQUE (user_id)
fee_standards FOREIGN KEY (org_id) REFERENCES orgs(id) ON DELETE CASCADE
fee_standards PRIMARY KEY (id)
fee_standards UNIQUE (org_id, version)
fee_tiers FOREIGN KEY (standard_id) REFERENCES fee_standards(id) ON DELETE CASCADE
fee_tiers PRIMARY KEY (standard_id, "position")
files PRIMARY KEY (key)
fundings CHECK ((amount > 0))
fundings CHECK ((kind = ANY (ARRAY['donation'::text, 'grant'::text])))
fundings FOREIGN KEY (application_id) REFERENCES venture_applications(id)
fundings FOREIGN KEY (org_id) REFERENCES orgs(id)
fundings PRIMARY KEY (id)
fundings UNIQUE (application_id)
goose_db_version PRIMARY KEY (id)
holidays CHECK ((kind = ANY (ARRAY['holiday'::text, 'workday'::text])))
holidays PRIMARY KEY (date)
incubation_applications CHECK ((status = ANY (ARRAY['submitted'::text, 'screening'::text, 'admitted'::text, 'rejected'::text, 'withdrawn'::text, 'in_residence'::text, 'graduated'::text, 'exited'::text])))
incubation_applications FOREIGN KEY (applicant_id) REFERENCES users(id)
incubation_applications FOREIGN KEY (call_id) REFERENCES incubation_calls(id)
incubation_applications FOREIGN KEY (org_id) REFERENCES orgs(id)
incubation_applications FOREIGN KEY (site_id) REFERENCES incubation_sites(id)
incubation_applications PRIMARY KEY (id)
incubation_calls CHECK ((status = ANY (ARRAY['draft'::text, 'open'::text, 'closed'::text])))
incubation_calls FOREIGN KEY (site_id) REFERENCES incubation_sites(id)
incubation_calls PRIMARY KEY (id)
incubation_founders FOREIGN KEY (application_id) REFERENCES incubation_applications(id)
incubation_founders PRIMARY KEY (application_id, seq)
incubation_milestones FOREIGN KEY (application_id) REFERENCES incubation_applications(id)
incubation_milestones PRIMARY KEY (id)
incubation_reports FOREIGN KEY (application_id) REFERENCES incubation_applications(id)
incubation_reports PRIMARY KEY (id)
incubation_reviewers FOREIGN KEY (application_id) REFERENCES incubation_applications(id)
incubation_reviewers FOREIGN KEY (expert_id) REFERENCES experts(id)
incubation_reviewers PRIMARY KEY (application_id, expert_id)
incubation_scores CHECK (((score >= 0) AND (score <= 10)))
incubation_scores FOREIGN KEY (application_id, expert_id) REFERENCES incubation_reviewers(application_id, expert_id)
incubation_scores PRIMARY KEY (application_id, expert_id, criterion)
incubation_services CHECK ((kind = ANY (ARRAY['policy'::text, 'consult'::text, 'registration'::text, 'planning'::text])))
incubation_services FOREIGN KEY (application_id) REFERENCES incubation_applications(id)
incubation_services PRIMARY KEY (id)
incubation_sites CHECK ((kind = ANY (ARRAY['base'::text, 'home'::text])))
incubation_sites CHECK ((status = ANY (ARRAY['proposed'::text, 'approved'::text, 'rejected'::text])))
incubation_sites PRIMARY KEY (id)
inspection_checklist PRIMARY KEY ("position")
inspection_files CHECK ((kind = ANY (ARRAY['finding'::text, 'response'::text])))
inspection_files FOREIGN KEY (file_key) REFERENCES files(key)
inspection_files FOREIGN KEY (inspection_id) REFERENCES inspections(id)
inspection_files PRIMARY KEY (inspection_id, file_key)
inspection_findings CHECK ((result = ANY (ARRAY['conforms'::text, 'minor'::text, 'serious'::text])))
inspection_findings FOREIGN KEY (inspection_id) REFERENCES inspections(id)
inspection_findings PRIMARY KEY (inspection_id, "position")
inspection_steps FOREIGN KEY (inspection_id) REFERENCES inspections(id)
inspection_steps PRIMARY KEY (id)
inspections CHECK ((kind = ANY (ARRAY['planned'::text, 'unannounced'::text])))
inspections CHECK ((status = ANY (ARRAY['open'::text, 'rectifying'::text, 'responded'::text, 'verified'::text, 'closed'::text])))
inspections FOREIGN KEY (org_id) REFERENCES orgs(id)
inspections PRIMARY KEY (id)
jobs CHECK ((state = ANY (ARRAY['available'::text, 'running'::text, 'done'::text, 'failed'::text])))
jobs PRIMARY KEY (id)
jobs UNIQUE (unique_key)
login_failures FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE
login_failures PRIMARY KEY (id)
mediator_languages FOREIGN KEY (mediator_id) REFERENCES mediators(id) ON DELETE CASCADE
mediator_languages PRIMARY KEY (mediator_id, language)
mediator_orgs CHECK (("position" = ANY (ARRAY['chief'::text, 'full_time'::text, 'part_time'::text])))
mediator_orgs FOREIGN KEY (mediator_id) REFERENCES mediators(id) ON DELETE CASCADE
mediator_orgs FOREIGN KEY (org_id) REFERENCES orgs(id) ON DELETE CASCADE
mediator_orgs PRIMARY KEY (mediator_id, org_id)
mediator_search FOREIGN KEY (id) REFERENCES mediators(id) ON DELETE CASCADE
mediator_search PRIMARY KEY (id)
mediator_specialties FOREIGN KEY (mediator_id) REFERENCES mediators(id) ON DELETE CASCADE
mediator_specialties PRIMARY KEY (mediator_id, dispute_type)
mediator_training CHECK (((hours >= 1) AND (hours <= 200)))
mediator_training FOREIGN KEY (mediator_id) REFERENCES mediators(id)
mediator_training PRIMARY KEY (id)
mediator_transitions FOREIGN KEY (mediator_id) REFERENCES mediators(id) ON DELETE CASCADE
mediator_transitions PRIMARY KEY (id)
mediators CHECK (((grade >= 0) AND (grade <= 4)))
mediators CHECK ((gender = ANY (ARRAY[''::text, 'male'::text, 'female'::text])))
mediators CHECK ((status = ANY (ARRAY['active'::text, 'suspended'::text, 'removed'::text])))
mediators FOREIGN KEY (photo_file) REFERENCES files(key)
mediators FOREIGN KEY (user_id) REFERENCES users(id)
mediators PRIMARY KEY (id)
mediators UNIQUE (id_number_idx)
meeting_agencies FOREIGN KEY (agency_id) REFERENCES agencies(id)
meeting_agencies FOREIGN KEY (meeting_id) REFERENCES meetings(id)
meeting_agencies PRIMARY KEY (meeting_id, agency_id)
meeting_decisions CHECK ((owner_kind = ANY (ARRAY['agency'::text, 'org'::text, 'bureau'::text, 'township'::text])))
meeting_decisions CHECK ((status = ANY (ARRAY['open'::text, 'done'::text])))
meeting_decisions FOREIGN KEY (meeting_id) REFERENCES meetings(id)
meeting_decisions PRIMARY KEY (id)
meeting_orgs FOREIGN KEY (meeting_id) REFERENCES meetings(id)
meeting_orgs FOREIGN KEY (org_id) REFERENCES orgs(id)
meeting_orgs PRIMARY KEY (meeting_id, org_id)
meeting_progress FOREIGN KEY (decision_id) REFERENCES meeting_decisions(id)
meeting_progress PRIMARY KEY (id)
meetings CHECK ((kind = ANY (ARRAY['symposium'::text, 'joint'::text])))
meetings PRIMARY KEY (id)
mentorship_notes FOREIGN KEY (mentorship_id) REFERENCES mentorships(id)
mentorship_notes PRIMARY KEY (id)
mentorships CHECK ((mentor_id <> apprentice_id))
mentorships CHECK ((status = ANY (ARRAY['active'::text, 'completed'::text])))
mentorships FOREIGN KEY (apprentice_id) REFERENCES mediators(id)
mentorships FOREIGN KEY (mentor_id) REFERENCES mediators(id)
mentorships PRIMARY KEY (id)
org_documents CHECK ((kind = ANY (ARRAY['charter'::text, 'rules'::text, 'prereview'::text, 'registration'::text, 'disclosure'::text, 'other'::text])))
org_documents FOREIGN KEY (file_key) REFERENCES files(key)
org_documents FOREIGN KEY (org_id) REFERENCES orgs(id) ON DELETE CASCADE
org_documents PRIMARY KEY (id)
org_documents UNIQUE (org_id, kind, version)
org_evaluations CHECK (((score >= 0) AND (score <= 100)))
org_evaluations CHECK ((grade = ANY (ARRAY['excellent'::text, 'pass'::text, 'basic'::text, 'fail'::text])))
org_evaluations FOREIGN KEY (org_id) REFERENCES orgs(id)
org_evaluations PRIMARY KEY (id)
org_evaluations UNIQUE (org_id, year)
org_languages FOREIGN KEY (org_id) REFERENCES orgs(id) ON DELETE CASCADE
org_languages PRIMARY KEY (org_id, language)
org_prereview FOREIGN KEY (org_id) REFERENCES orgs(id) ON DELETE CASCADE
org_prereview PRIMARY KEY (org_id)
org_sanctions CHECK ((kind = ANY (ARRAY['warning'::text, 'rectify'::text, 'downgrade'::text, 'removal'::text, 'dissolve'::text, 'reward'::text])))
org_sanctions FOREIGN KEY (file_key) REFERENCES files(key)
org_sanctions FOREIGN KEY (inspection_id) REFERENCES inspections(id)
org_sanctions FOREIGN KEY (mediator_id) REFERENCES mediators(id)
org_sanctions FOREIGN KEY (org_id) REFERENCES orgs(id)
org_sanctions PRIMARY KEY (id)
org_search FOREIGN KEY (id) REFERENCES orgs(id) ON DELETE CASCADE
org_search PRIMARY KEY (id)
org_specialties FOREIGN KEY (org_id) REFERENCES orgs(id) ON DELETE CASCADE
org_specialties PRIMARY KEY (org_id, dispute_type)
org_star_history CHECK (((stars >= 0) AND (stars <= 5)))
org_star_history CHECK ((source = ANY (ARRAY['rating'::text, 'sanction'::text])))
org_star_history FOREIGN KEY (org_id) REFERENCES orgs(id)
org_star_history PRIMARY KEY (id)
org_transitions FOREIGN KEY (org_id) REFERENCES orgs(id) ON DELETE CASCADE
org_transitions PRIMARY KEY (id)
orgs CHECK (((stars >= 1) AND (stars <= 5)))
orgs CHECK ((legal_form = ANY (ARRAY['peoples_committee'::text, 'social_service'::text, 'social_group'::text, 'sole_proprietor'::text, 'partnership'::text, 'company'::text, 'other'::text])))
orgs CHECK ((level = ANY (ARRAY['district'::text, 'township'::text, 'village'::text])))
orgs CHECK ((stage = ANY (ARRAY[''::text, 'township'::text, 'district'::text])))
orgs CHECK ((status = ANY (ARRAY['preparing'::text, 'prereview'::text, 'registered'::text, 'active'::text, 'rectifying'::text, 'suspended'::text, 'dissolved'::text, 'withdrawn'::text])))
orgs CHECK ((type = ANY (ARRAY['basic'::text, 'professional'::text, 'commercial'::text, 'new'::text])))
orgs FOREIGN KEY (logo_file) REFERENCES files(key)
orgs PRIMARY KEY (id)
orgs UNIQUE (credit_code)
orgs UNIQUE (name)
password_history FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE
password_history PRIMARY KEY (id)
phone_codes PRIMARY KEY (id)
plan_phases PRIMARY KEY (seq)
plan_pilots CHECK (((batch >= 1) AND (batch <= 3)))
plan_pilots PRIMARY KEY (township)
plan_tasks FOREIGN KEY (file_key) REFERENCES files(key)
plan_tasks FOREIGN KEY (phase) REFERENCES plan_phases(seq)
plan_tasks PRIMARY KEY (id)
procurement_bids CHECK ((price_fen > 0))
procurement_bids CHECK ((status = ANY (ARRAY['submitted'::text, 'withdrawn'::text, 'won'::text, 'lost'::text])))
procurement_bids FOREIGN KEY (org_id) REFERENCES orgs(id)
procurement_bids FOREIGN KEY (project_id) REFERENCES procurement_projects(id)
procurement_bids PRIMARY KEY (id)
procurement_bids UNIQUE (project_id, org_id)
procurement_contracts CHECK ((amount_fen > 0))
procurement_contracts CHECK ((final_grade = ANY (ARRAY[''::text, 'excellent'::text, 'pass'::text, 'fail'::text])))
procurement_contracts CHECK ((report_every = ANY (ARRAY['month'::text, 'quarter'::text])))
procurement_contracts FOREIGN KEY (bid_id) REFERENCES procurement_bids(id)
procurement_contracts FOREIGN KEY (org_id) REFERENCES orgs(id)
procurement_contracts FOREIGN KEY (project_id) REFERENCES procurement_projects(id)
procurement_contracts PRIMARY KEY (id)
procurement_contracts UNIQUE (bid_id)
procurement_criteria CHECK (((weight >= 1) AND (weight <= 100)))
procurement_criteria FOREIGN KEY (project_id) REFERENCES procurement_projects(id)
procurement_criteria PRIMARY KEY (id)
procurement_criteria UNIQUE (project_id, "position")
procurement_deliverables CHECK ((kind = ANY (ARRAY['cases'::text, 'hours'::text, 'other'::text])))
procurement_deliverables CHECK ((target > 0))
procurement_deliverables FOREIGN KEY (contract_id) REFERENCES procurement_contracts(id)
procurement_deliverables PRIMARY KEY (id)
procurement_deliverables UNIQUE (contract_id, "position")
procurement_experts FOREIGN KEY (expert_id) REFERENCES experts(id)
procurement_experts FOREIGN KEY (project_id) REFERENCES procurement_projects(id)
procurement_experts PRIMARY KEY (project_id, expert_id)
procurement_milestones CHECK ((amount_fen > 0))
procurement_milestones FOREIGN KEY (contract_id) REFERENCES procurement_contracts(id)
procurement_milestones PRIMARY KEY (id)
procurement_milestones UNIQUE (contract_id, "position")
procurement_payments CHECK ((amount_fen > 0))
procurement_payments FOREIGN KEY (contract_id) REFERENCES procurement_contracts(id)
procurement_payments FOREIGN KEY (milestone_id) REFERENCES procurement_milestones(id)
procurement_payments PRIMARY KEY (id)
procurement_projects CHECK (((min_stars >= 0) AND (min_stars <= 5)))
procurement_projects CHECK ((budget_fen > 0))
procurement_projects CHECK ((category = ANY (ARRAY['mediation'::text, 'consultation'::text, 'training'::text, 'other'::text])))
procurement_projects CHECK ((status = ANY (ARRAY['draft'::text, 'published'::text, 'evaluating'::text, 'awarded'::text, 'contracted'::text, 'cancelled'::text])))
procurement_projects FOREIGN KEY (agency_id) REFERENCES agencies(id)
procurement_projects PRIMARY KEY (id)
procurement_reports FOREIGN KEY (contract_id) REFERENCES procurement_contracts(id)
procurement_reports PRIMARY KEY (id)
procurement_reports UNIQUE (contract_id, period_from)
procurement_scores CHECK (((score >= 0) AND (score <= 100)))
procurement_scores FOREIGN KEY (bid_id) REFERENCES procurement_bids(id)
procurement_scores FOREIGN KEY (criterion_id) REFERENCES procurement_criteria(id)
procurement_scores FOREIGN KEY (expert_id) REFERENCES experts(id)
procurement_scores PRIMARY KEY (bid_id, expert_id, criterion_id)
rating_applications FOREIGN KEY (org_id) REFERENCES orgs(id)
rating_applications FOREIGN KEY (round_id) REFERENCES rating_rounds(id)
rating_applications PRIMARY KEY (id)
rating_applications UNIQUE (round_id, org_id)
rating_assignments FOREIGN KEY (application_id) REFERENCES rating_applications(id)
rating_assignments FOREIGN KEY (expert_id) REFERENCES experts(id)
rating_assignments PRIMARY KEY (application_id, expert_id)
rating_evidence FOREIGN KEY (application_id) REFERENCES rating_applications(id)
rating_evidence FOREIGN KEY (file_key) REFERENCES files(key)
rating_evidence FOREIGN KEY (indicator_id) REFERENCES rating_indicators(id)
rating_evidence PRIMARY KEY (id)
rating_indicators CHECK (((max_score >= 1) AND (max_score <= 100)))
rating_indicators FOREIGN KEY (set_id) REFERENCES rating_sets(id)
rating_indicators PRIMARY KEY (id)
rating_objections FOREIGN KEY (application_id) REFERENCES rating_applications(id)
rating_objections PRIMARY KEY (id)
rating_rounds CHECK ((status = ANY (ARRAY['open'::text, 'scoring'::text, 'publicized'::text, 'final'::text])))
rating_rounds FOREIGN KEY (set_id) REFERENCES rating_sets(id)
rating_rounds PRIMARY KEY (id)
rating_scores FOREIGN KEY (application_id) REFERENCES rating_applications(id)
rating_scores FOREIGN KEY (expert_id) REFERENCES experts(id)
rating_scores FOREIGN KEY (indicator_id) REFERENCES rating_indicators(id)
rating_scores PRIMARY KEY (application_id, expert_id, indicator_id)
rating_self FOREIGN KEY (application_id) REFERENCES rating_applications(id)
rating_self FOREIGN KEY (indicator_id) REFERENCES rating_indicators(id)
rating_self PRIMARY KEY (application_id, indicator_id)
rating_sets CHECK ((status = ANY (ARRAY['draft'::text, 'published'::text])))
rating_sets PRIMARY KEY (id)
recovery_codes FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE
recovery_codes PRIMARY KEY (id)
room_messages CHECK (((channel = 'main'::text) OR (channel ~~ 'caucus:_%'::text)))
room_messages CHECK ((author_role = ANY (ARRAY['mediator'::text, 'party'::text, 'observer'::text])))
room_messages PRIMARY KEY (id)
room_reads PRIMARY KEY (case_id, user_id, channel)
room_sessions CHECK ((mode = ANY (ARRAY['online'::text, 'on_site'::text, 'video'::text])))
room_sessions PRIMARY KEY (id)
rooms PRIMARY KEY (case_id)
service_dispute_types FOREIGN KEY (service_id) REFERENCES services(id) ON DELETE CASCADE
service_dispute_types PRIMARY KEY (service_id, dispute_type)
services FOREIGN KEY (org_id) REFERENCES orgs(id) ON DELETE CASCADE
services PRIMARY KEY (id)
sessions CHECK ((method = ANY (ARRAY['password'::text, 'phone'::text])))
sessions FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE
sessions PRIMARY KEY (token_hash)
settings PRIMARY KEY (key)
stats_case_rollup CHECK ((basis = ANY (ARRAY['filed'::text, 'accepted'::text, 'closed'::text])))
stats_case_rollup PRIMARY KEY (basis, month, township, org_id, dispute_type, source, outcome, agreement_form, days)
stats_district_lines CHECK ((grp = ANY (ARRAY['all'::text, 'type'::text, 'source'::text])))
stats_district_lines PRIMARY KEY (period, township, grp, item)
stats_org_period PRIMARY KEY (period, township, org_id)
stats_watermarks PRIMARY KEY (name)
training_courses CHECK (((hours >= 1) AND (hours <= 200)))
training_courses PRIMARY KEY (id)
training_enrolments CHECK ((status = ANY (ARRAY['enrolled'::text, 'withdrawn'::text, 'attended'::text, 'absent'::text])))
training_enrolments FOREIGN KEY (mediator_id) REFERENCES mediators(id)
training_enrolments FOREIGN KEY (session_id) REFERENCES training_sessions(id)
training_enrolments FOREIGN KEY (training_id) REFERENCES mediator_training(id)
training_enrolments PRIMARY KEY (id)
training_enrolments UNIQUE (certificate_no)
training_enrolments UNIQUE (session_id, mediator_id)
training_sessions CHECK (((capacity >= 1) AND (capacity <= 1000)))
training_sessions FOREIGN KEY (course_id) REFERENCES training_courses(id)
training_sessions PRIMARY KEY (id)
user_roles FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE
user_roles PRIMARY KEY (id)
user_roles UNIQUE (user_id, role, township_code, org_id)
users CHECK ((status = ANY (ARRAY['active'::text, 'disabled'::text])))
users PRIMARY KEY (id)
users UNIQUE (login)
users UNIQUE (phone_idx)
venture_applications CHECK ((award >= 0))
venture_applications CHECK ((requested > 0))
venture_applications FOREIGN KEY (org_id) REFERENCES orgs(id)
venture_applications FOREIGN KEY (round_id) REFERENCES venture_rounds(id)
venture_applications PRIMARY KEY (id)
venture_applications UNIQUE (round_id, org_id)
venture_experts FOREIGN KEY (expert_id) REFERENCES experts(id)
venture_experts FOREIGN KEY (round_id) REFERENCES venture_rounds(id)
venture_experts PRIMARY KEY (round_id, expert_id)
venture_report_reminders CHECK ((kind = ANY (ARRAY['progress'::text, 'final'::text])))
venture_report_reminders CHECK ((stage = ANY (ARRAY['soon'::text, 'late'::text])))
venture_report_reminders FOREIGN KEY (application_id) REFERENCES venture_applications(id)
venture_report_reminders PRIMARY KEY (application_id, kind, stage)
venture_reports CHECK ((kind = ANY (ARRAY['progress'::text, 'final'::text])))
venture_reports FOREIGN KEY (application_id) REFERENCES venture_applications(id)
venture_reports PRIMARY KEY (id)
venture_rounds CHECK ((budget > 0))
venture_rounds CHECK ((project_cap > 0))
venture_rounds CHECK ((status = ANY (ARRAY['open'::text, 'published'::text])))
venture_rounds PRIMARY KEY (id)
venture_scores FOREIGN KEY (application_id) REFERENCES venture_applications(id)
venture_scores FOREIGN KEY (expert_id) REFERENCES experts(id)
venture_scores PRIMARY KEY (application_id, expert_id)

-- indexes
CREATE UNIQUE INDEX agencies_name_key ON agencies USING btree (name)
CREATE UNIQUE INDEX agencies_pkey ON agencies USING btree (id)
CREATE UNIQUE INDEX agency_members_pkey ON agency_members USING btree (agency_id, user_id)
CREATE INDEX agency_members_user ON agency_members USING btree (user_id)
CREATE UNIQUE INDEX api_tokens_pkey ON api_tokens USING btree (id)
CREATE UNIQUE INDEX api_tokens_token_hash_key ON api_tokens USING btree (token_hash)
CREATE INDEX api_tokens_user ON api_tokens USING btree (user_id)
CREATE UNIQUE INDEX article_pictures_pkey ON article_pictures USING btree (id)
CREATE UNIQUE INDEX article_pictures_seq ON article_pictures USING btree (article_id, seq)
CREATE INDEX articles_org ON articles USING btree (org_id, review)
CREATE UNIQUE INDEX articles_pkey ON articles USING btree (id)
CREATE INDEX articles_published ON articles USING btree (status, kind, published_at)
CREATE INDEX association_measures_member ON association_measures USING btree (member_id, decided_on)
CREATE UNIQUE INDEX association_measures_pkey ON association_measures USING btree (id)
CREATE UNIQUE INDEX association_members_org_id_key ON association_members USING btree (org_id)
CREATE UNIQUE INDEX association_members_pkey ON association_members USING btree (id)
CREATE INDEX association_members_status ON association_members USING btree (status)
CREATE UNIQUE INDEX audit_head_pkey ON audit_head USING btree (id)
CREATE INDEX audit_log_action ON audit_log USING btree (action, seq)
CREATE INDEX audit_log_actor ON audit_log USING btree (actor_id, seq)
CREATE INDEX audit_log_at ON audit_log USING btree (at)
CREATE INDEX audit_log_object ON audit_log USING btree (object_type, object_id, seq)
CREATE UNIQUE INDEX audit_log_pkey ON audit_log USING btree (seq)
CREATE INDEX case_access_case_user ON case_access USING btree (case_id, user_id, expires_at)
CREATE UNIQUE INDEX case_access_pkey ON case_access USING btree (id)
CREATE UNIQUE INDEX case_agreements_case_id_version_key ON case_agreements USING btree (case_id, version)
CREATE UNIQUE INDEX case_agreements_pkey ON case_agreements USING btree (id)
CREATE INDEX case_assignments_case ON case_assignments USING btree (case_id)
CREATE UNIQUE INDEX case_assignments_current ON case_assignments USING btree (case_id) WHERE (ended_at IS NULL)
CREATE UNIQUE INDEX case_assignments_pkey ON case_assignments USING btree (id)
CREATE UNIQUE INDEX case_confirmations_pkey ON case_confirmations USING btree (agreement_id, party_id)
CREATE INDEX case_events_case ON case_events USING btree (case_id, id)
CREATE UNIQUE INDEX case_events_pkey ON case_events USING btree (id)
CREATE INDEX case_evidence_case ON case_evidence USING btree (case_id)
CREATE UNIQUE INDEX case_evidence_pkey ON case_evidence USING btree (id)
CREATE INDEX case_parties_case ON case_parties USING btree (case_id)
CREATE UNIQUE INDEX case_parties_invite_hash_key ON case_parties USING btree (invite_hash)
CREATE INDEX case_parties_invited ON case_parties USING btree (invited_at)
CREATE INDEX case_parties_phone ON case_parties USING btree (phone_idx)
CREATE UNIQUE INDEX case_parties_pkey ON case_parties USING btree (id)
CREATE INDEX case_parties_user ON case_parties USING btree (user_id)
CREATE INDEX case_payments_case ON case_payments USING btree (case_id)
CREATE UNIQUE INDEX case_payments_pkey ON case_payments USING btree (id)
CREATE INDEX case_ratings_created ON case_ratings USING btree (created_at)
CREATE UNIQUE INDEX case_ratings_pkey ON case_ratings USING btree (case_id, party_id)
CREATE INDEX case_recusals_case ON case_recusals USING btree (case_id)
CREATE UNIQUE INDEX case_recusals_pkey ON case_recusals USING btree (id)
CREATE UNIQUE INDEX case_serials_pkey ON case_serials USING btree (scope, year)
CREATE INDEX case_visits_case ON case_visits USING btree (case_id)
CREATE UNIQUE INDEX case_visits_pkey ON case_visits USING btree (id)
CREATE INDEX cases_accepted ON cases USING btree (accepted_at)
CREATE INDEX cases_activity ON cases USING btree (activity_at)
CREATE INDEX cases_created ON cases USING btree (created_at)
CREATE INDEX cases_ended ON cases USING btree (ended_at)
CREATE UNIQUE INDEX cases_external ON cases USING btree (source, external_id) WHERE (external_id IS NOT NULL)
CREATE UNIQUE INDEX cases_file_no_key ON cases USING btree (file_no)
CREATE INDEX cases_mediator_status ON cases USING btree (mediator_id, status)
CREATE UNIQUE INDEX cases_number_key ON cases USING btree (number)
CREATE INDEX cases_open ON cases USING btree (status, township, accept_due, resp_due, mediation_due, activity_at, org_id, mediator_id) WHERE (status = ANY (ARRAY['submitted'::text, 'awaiting_org'::text, 'awaiting_resp'::text, 'mediating'::text, 'signing'::text]))
CREATE INDEX cases_org_status ON cases USING btree (org_id, status)
CREATE INDEX cases_owner ON cases USING btree (owner_id)
CREATE UNIQUE INDEX cases_pkey ON cases USING btree (id)
CREATE INDEX cases_status_created ON cases USING btree (status, created_at)
CREATE INDEX cases_township_status ON cases USING btree (township, status)
CREATE INDEX complaint_steps_complaint ON complaint_steps USING btree (complaint_id, id)
CREATE UNIQUE INDEX complaint_steps_pkey ON complaint_steps USING btree (id)
CREATE INDEX complaints_complainant ON complaints USING btree (complainant_user_id, filed_at)
CREATE INDEX complaints_due ON complaints USING btree (status, due_at)
CREATE INDEX complaints_handler ON complaints USING btree (handler, handler_township, status)
CREATE INDEX complaints_org ON complaints USING btree (subject_org_id, outcome, answered_at)
CREATE UNIQUE INDEX complaints_pkey ON complaints USING btree (id)
CREATE UNIQUE INDEX disclosures_one_draft ON disclosures USING btree (chain_id) WHERE ((status = 'draft'::text) AND (chain_id > 0))
CREATE INDEX disclosures_org ON disclosures USING btree (org_id, year, kind)
CREATE UNIQUE INDEX disclosures_pkey ON disclosures USING btree (id)
CREATE INDEX disclosures_year ON disclosures USING btree (year, kind, status)
CREATE INDEX expert_ties_org ON expert_ties USING btree (org_id)
CREATE UNIQUE INDEX expert_ties_pkey ON expert_ties USING btree (expert_id, org_id)
CREATE UNIQUE INDEX experts_pkey ON experts USING btree (id)
CREATE UNIQUE INDEX experts_user_id_key ON experts USING btree (user_id)
CREATE UNIQUE INDEX fee_standards_org_id_version_key ON fee_standards USING btree (org_id, version)
CREATE UNIQUE INDEX fee_standards_pkey ON fee_standards USING btree (id)
CREATE UNIQUE INDEX fee_tiers_pkey ON fee_tiers USING btree (standard_id, "position")
CREATE INDEX files_owner ON files USING btree (owner_type, owner_id)
CREATE UNIQUE INDEX files_pkey ON files USING btree (key)
CREATE UNIQUE INDEX fundings_application_id_key ON fundings USING btree (application_id)
CREATE INDEX fundings_org ON fundings USING btree (org_id, year)
CREATE UNIQUE INDEX fundings_pkey ON fundings USING btree (id)
CREATE UNIQUE INDEX goose_db_version_pkey ON goose_db_version USING btree (id)
CREATE UNIQUE INDEX holidays_pkey ON holidays USING btree (date)
CREATE INDEX incubation_applications_applicant ON incubation_applications USING btree (applicant_id)
CREATE INDEX incubation_applications_call ON incubation_applications USING btree (call_id)
CREATE UNIQUE INDEX incubation_applications_pkey ON incubation_applications USING btree (id)
CREATE INDEX incubation_applications_site ON incubation_applications USING btree (site_id, status)
CREATE UNIQUE INDEX incubation_calls_pkey ON incubation_calls USING btree (id)
CREATE INDEX incubation_calls_site ON incubation_calls USING btree (site_id, status)
CREATE UNIQUE INDEX incubation_founders_pkey ON incubation_founders USING btree (application_id, seq)
CREATE INDEX incubation_milestones_app ON incubation_milestones USING btree (application_id)
CREATE UNIQUE INDEX incubation_milestones_pkey ON incubation_milestones USING btree (id)
CREATE INDEX incubation_reports_app ON incubation_reports USING btree (application_id)
CREATE UNIQUE INDEX incubation_reports_pkey ON incubation_reports USING btree (id)
CREATE INDEX incubation_reviewers_expert ON incubation_reviewers USING btree (expert_id)
CREATE UNIQUE INDEX incubation_reviewers_pkey ON incubation_reviewers USING btree (application_id, expert_id)
CREATE UNIQUE INDEX incubation_scores_pkey ON incubation_scores USING btree (application_id, expert_id, criterion)
CREATE INDEX incubation_services_app ON incubation_services USING btree (application_id)
CREATE UNIQUE INDEX incubation_services_pkey ON incubation_services USING btree (id)
CREATE UNIQUE INDEX incubation_sites_live ON incubation_sites USING btree (township) WHERE (status <> 'rejected'::text)
CREATE UNIQUE INDEX incubation_sites_pkey ON incubation_sites USING btree (id)
CREATE UNIQUE INDEX inspection_checklist_pkey ON inspection_checklist USING btree ("position")
CREATE UNIQUE INDEX inspection_files_pkey ON inspection_files USING btree (inspection_id, file_key)
CREATE UNIQUE INDEX inspection_findings_pkey ON inspection_findings USING btree (inspection_id, "position")
CREATE INDEX inspection_steps_inspection ON inspection_steps USING btree (inspection_id, id)
CREATE UNIQUE INDEX inspection_steps_pkey ON inspection_steps USING btree (id)
CREATE INDEX inspections_org ON inspections USING btree (org_id, id)
CREATE UNIQUE INDEX inspections_pkey ON inspections USING btree (id)
CREATE INDEX inspections_status ON inspections USING btree (status, deadline)
CREATE INDEX jobs_due ON jobs USING btree (state, run_at)
CREATE UNIQUE INDEX jobs_pkey ON jobs USING btree (id)
CREATE UNIQUE INDEX jobs_unique_key_key ON jobs USING btree (unique_key)
CREATE UNIQUE INDEX login_failures_pkey ON login_failures USING btree (id)
CREATE INDEX login_failures_user ON login_failures USING btree (user_id, at)
CREATE INDEX mediator_languages_language ON mediator_languages USING btree (language, mediator_id)
CREATE UNIQUE INDEX mediator_languages_pkey ON mediator_languages USING btree (mediator_id, language)
CREATE INDEX mediator_orgs_org ON mediator_orgs USING btree (org_id, mediator_id)
CREATE UNIQUE INDEX mediator_orgs_pkey ON mediator_orgs USING btree (mediator_id, org_id)
CREATE INDEX mediator_search_bi ON mediator_search USING gin (bi)
CREATE UNIQUE INDEX mediator_search_pkey ON mediator_search USING btree (id)
CREATE INDEX mediator_search_uni ON mediator_search USING gin (uni)
CREATE UNIQUE INDEX mediator_specialties_pkey ON mediator_specialties USING btree (mediator_id, dispute_type)
CREATE INDEX mediator_specialties_type ON mediator_specialties USING btree (dispute_type, mediator_id)
CREATE INDEX mediator_training_mediator ON mediator_training USING btree (mediator_id, held_on)
CREATE UNIQUE INDEX mediator_training_pkey ON mediator_training USING btree (id)
CREATE INDEX mediator_transitions_mediator ON mediator_transitions USING btree (mediator_id, id)
CREATE UNIQUE INDEX mediator_transitions_pkey ON mediator_transitions USING btree (id)
CREATE UNIQUE INDEX mediators_id_number_idx_key ON mediators USING btree (id_number_idx)
CREATE INDEX mediators_phone ON mediators USING btree (phone_idx)
CREATE UNIQUE INDEX mediators_pkey ON mediators USING btree (id)
CREATE INDEX mediators_status ON mediators USING btree (status, public)
CREATE INDEX mediators_user ON mediators USING btree (user_id)
CREATE INDEX meeting_agencies_agency ON meeting_agencies USING btree (agency_id)
CREATE UNIQUE INDEX meeting_agencies_pkey ON meeting_agencies USING btree (meeting_id, agency_id)
CREATE INDEX meeting_decisions_meeting ON meeting_decisions USING btree (meeting_id)
CREATE INDEX meeting_decisions_open ON meeting_decisions USING btree (status, due_on)
CREATE UNIQUE INDEX meeting_decisions_pkey ON meeting_decisions USING btree (id)
CREATE INDEX meeting_orgs_org ON meeting_orgs USING btree (org_id)
CREATE UNIQUE INDEX meeting_orgs_pkey ON meeting_orgs USING btree (meeting_id, org_id)
CREATE INDEX meeting_progress_decision ON meeting_progress USING btree (decision_id, at)
CREATE UNIQUE INDEX meeting_progress_pkey ON meeting_progress USING btree (id)
CREATE INDEX meetings_held ON meetings USING btree (held_at)
CREATE UNIQUE INDEX meetings_pkey ON meetings USING btree (id)
CREATE INDEX mentorship_notes_pair ON mentorship_notes USING btree (mentorship_id, written_at)
CREATE UNIQUE INDEX mentorship_notes_pkey ON mentorship_notes USING btree (id)
CREATE INDEX mentorships_apprentice ON mentorships USING btree (apprentice_id)
CREATE INDEX mentorships_mentor ON mentorships USING btree (mentor_id)
CREATE UNIQUE INDEX mentorships_pkey ON mentorships USING btree (id)
CREATE UNIQUE INDEX org_documents_org_id_kind_version_key ON org_documents USING btree (org_id, kind, version)
CREATE UNIQUE INDEX org_documents_pkey ON org_documents USING btree (id)
CREATE UNIQUE INDEX org_evaluations_org_id_year_key ON org_evaluations USING btree (org_id, year)
CREATE UNIQUE INDEX org_evaluations_pkey ON org_evaluations USING btree (id)
CREATE INDEX org_languages_language ON org_languages USING btree (language, org_id)
CREATE UNIQUE INDEX org_languages_pkey ON org_languages USING btree (org_id, language)
CREATE UNIQUE INDEX org_prereview_pkey ON org_prereview USING btree (org_id)
CREATE INDEX org_sanctions_kind ON org_sanctions USING btree (kind, decided_on)
CREATE INDEX org_sanctions_org ON org_sanctions USING btree (org_id, decided_on)
CREATE UNIQUE INDEX org_sanctions_pkey ON org_sanctions USING btree (id)
CREATE INDEX org_search_bi ON org_search USING gin (bi)
CREATE UNIQUE INDEX org_search_pkey ON org_search USING btree (id)
CREATE INDEX org_search_uni ON org_search USING gin (uni)
CREATE UNIQUE INDEX org_specialties_pkey ON org_specialties USING btree (org_id, dispute_type)
CREATE INDEX org_specialties_type ON org_specialties USING btree (dispute_type, org_id)
CREATE INDEX org_star_history_org ON org_star_history USING btree (org_id, recorded_at)
CREATE UNIQUE INDEX org_star_history_pkey ON org_star_history USING btree (id)
CREATE INDEX org_transitions_org ON org_transitions USING btree (org_id, id)
CREATE UNIQUE INDEX org_transitions_pkey ON org_transitions USING btree (id)
CREATE UNIQUE INDEX orgs_credit_code_key ON orgs USING btree (credit_code)
CREATE INDEX orgs_featured ON orgs USING btree (featured, featured_rank)
CREATE UNIQUE INDEX orgs_name_key ON orgs USING btree (name)
CREATE UNIQUE INDEX orgs_pkey ON orgs USING btree (id)
CREATE INDEX orgs_status ON orgs USING btree (status, township)
CREATE INDEX orgs_township ON orgs USING btree (township, status)
CREATE UNIQUE INDEX password_history_pkey ON password_history USING btree (id)
CREATE INDEX password_history_user ON password_history USING btree (user_id, id)
CREATE INDEX phone_codes_phone ON phone_codes USING btree (phone_idx, created_at)
CREATE UNIQUE INDEX phone_codes_pkey ON phone_codes USING btree (id)
CREATE INDEX phone_codes_purpose ON phone_codes USING btree (phone_idx, purpose, created_at)
CREATE UNIQUE INDEX plan_phases_pkey ON plan_phases USING btree (seq)
CREATE UNIQUE INDEX plan_pilots_pkey ON plan_pilots USING btree (township)
CREATE INDEX plan_tasks_phase ON plan_tasks USING btree (phase, "position")
CREATE UNIQUE INDEX plan_tasks_pkey ON plan_tasks USING btree (id)
CREATE UNIQUE INDEX procurement_bids_pkey ON procurement_bids USING btree (id)
CREATE UNIQUE INDEX procurement_bids_project_id_org_id_key ON procurement_bids USING btree (project_id, org_id)
CREATE UNIQUE INDEX procurement_contracts_bid_id_key ON procurement_contracts USING btree (bid_id)
CREATE INDEX procurement_contracts_org ON procurement_contracts USING btree (org_id)
CREATE UNIQUE INDEX procurement_contracts_pkey ON procurement_contracts USING btree (id)
CREATE UNIQUE INDEX procurement_criteria_pkey ON procurement_criteria USING btree (id)
CREATE UNIQUE INDEX procurement_criteria_project_id_position_key ON procurement_criteria USING btree (project_id, "position")
CREATE UNIQUE INDEX procurement_deliverables_contract_id_position_key ON procurement_deliverables USING btree (contract_id, "position")
CREATE UNIQUE INDEX procurement_deliverables_pkey ON procurement_deliverables USING btree (id)
CREATE UNIQUE INDEX procurement_experts_pkey ON procurement_experts USING btree (project_id, expert_id)
CREATE UNIQUE INDEX procurement_milestones_contract_id_position_key ON procurement_milestones USING btree (contract_id, "position")
CREATE UNIQUE INDEX procurement_milestones_pkey ON procurement_milestones USING btree (id)
CREATE INDEX procurement_payments_contract ON procurement_payments USING btree (contract_id)
CREATE UNIQUE INDEX procurement_payments_pkey ON procurement_payments USING btree (id)
CREATE UNIQUE INDEX procurement_projects_pkey ON procurement_projects USING btree (id)
CREATE INDEX procurement_projects_status ON procurement_projects USING btree (status, window_to)
CREATE UNIQUE INDEX procurement_reports_contract_id_period_from_key ON procurement_reports USING btree (contract_id, period_from)
CREATE INDEX procurement_reports_due ON procurement_reports USING btree (due_on)
CREATE UNIQUE INDEX procurement_reports_pkey ON procurement_reports USING btree (id)
CREATE UNIQUE INDEX procurement_scores_pkey ON procurement_scores USING btree (bid_id, expert_id, criterion_id)
CREATE INDEX rating_applications_org ON rating_applications USING btree (org_id)
CREATE UNIQUE INDEX rating_applications_pkey ON rating_applications USING btree (id)
CREATE UNIQUE INDEX rating_applications_round_id_org_id_key ON rating_applications USING btree (round_id, org_id)
CREATE INDEX rating_assignments_expert ON rating_assignments USING btree (expert_id)
CREATE UNIQUE INDEX rating_assignments_pkey ON rating_assignments USING btree (application_id, expert_id)
CREATE INDEX rating_evidence_application ON rating_evidence USING btree (application_id)
CREATE UNIQUE INDEX rating_evidence_pkey ON rating_evidence USING btree (id)
CREATE UNIQUE INDEX rating_indicators_pkey ON rating_indicators USING btree (id)
CREATE INDEX rating_indicators_set ON rating_indicators USING btree (set_id, "position")
CREATE INDEX rating_objections_application ON rating_objections USING btree (application_id)
CREATE UNIQUE INDEX rating_objections_pkey ON rating_objections USING btree (id)
CREATE UNIQUE INDEX rating_rounds_pkey ON rating_rounds USING btree (id)
CREATE UNIQUE INDEX rating_scores_pkey ON rating_scores USING btree (application_id, expert_id, indicator_id)
CREATE UNIQUE INDEX rating_self_pkey ON rating_self USING btree (application_id, indicator_id)
CREATE UNIQUE INDEX rating_sets_pkey ON rating_sets USING btree (id)
CREATE UNIQUE INDEX rating_sets_version ON rating_sets USING btree (version) WHERE (version IS NOT NULL)
CREATE UNIQUE INDEX recovery_codes_pkey ON recovery_codes USING btree (id)
CREATE INDEX recovery_codes_user ON recovery_codes USING btree (user_id)
CREATE INDEX room_messages_case ON room_messages USING btree (case_id, id)
CREATE INDEX room_messages_channel ON room_messages USING btree (case_id, channel, id)
CREATE UNIQUE INDEX room_messages_pkey ON room_messages USING btree (id)
CREATE UNIQUE INDEX room_reads_pkey ON room_reads USING btree (case_id, user_id, channel)
CREATE INDEX room_sessions_case ON room_sessions USING btree (case_id, starts_at)
CREATE UNIQUE INDEX room_sessions_pkey ON room_sessions USING btree (id)
CREATE UNIQUE INDEX rooms_pkey ON rooms USING btree (case_id)
CREATE UNIQUE INDEX service_dispute_types_pkey ON service_dispute_types USING btree (service_id, dispute_type)
CREATE INDEX services_org ON services USING btree (org_id, "position")
CREATE UNIQUE INDEX services_pkey ON services USING btree (id)
CREATE INDEX sessions_expires ON sessions USING btree (expires_at)
CREATE UNIQUE INDEX sessions_pkey ON sessions USING btree (token_hash)
CREATE INDEX sessions_user ON sessions USING btree (user_id)
CREATE UNIQUE INDEX settings_pkey ON settings USING btree (key)
CREATE INDEX stats_case_rollup_org ON stats_case_rollup USING btree (org_id, basis, month)
CREATE UNIQUE INDEX stats_case_rollup_pkey ON stats_case_rollup USING btree (basis, month, township, org_id, dispute_type, source, outcome, agreement_form, days)
CREATE UNIQUE INDEX stats_district_lines_pkey ON stats_district_lines USING btree (period, township, grp, item)
CREATE UNIQUE INDEX stats_org_period_pkey ON stats_org_period USING btree (period, township, org_id)
CREATE UNIQUE INDEX stats_watermarks_pkey ON stats_watermarks USING btree (name)
CREATE UNIQUE INDEX training_courses_pkey ON training_courses USING btree (id)
CREATE UNIQUE INDEX training_enrolments_certificate_no_key ON training_enrolments USING btree (certificate_no)
CREATE INDEX training_enrolments_mediator ON training_enrolments USING btree (mediator_id)
CREATE UNIQUE INDEX training_enrolments_pkey ON training_enrolments USING btree (id)
CREATE UNIQUE INDEX training_enrolments_session_id_mediator_id_key ON training_enrolments USING btree (session_id, mediator_id)
CREATE INDEX training_sessions_course ON training_sessions USING btree (course_id, starts_at)
CREATE UNIQUE INDEX training_sessions_pkey ON training_sessions USING btree (id)
CREATE INDEX training_sessions_start ON training_sessions USING btree (starts_at)
CREATE UNIQUE INDEX user_roles_pkey ON user_roles USING btree (id)
CREATE INDEX user_roles_role ON user_roles USING btree (role)
CREATE UNIQUE INDEX user_roles_user_id_role_township_code_org_id_key ON user_roles USING btree (user_id, role, township_code, org_id)
CREATE UNIQUE INDEX users_login_key ON users USING btree (login)
CREATE UNIQUE INDEX users_phone_idx_key ON users USING btree (phone_idx)
CREATE UNIQUE INDEX users_pkey ON users USING btree (id)
CREATE INDEX venture_applications_org ON venture_applications USING btree (org_id)
CREATE UNIQUE INDEX venture_applications_pkey ON venture_applications USING btree (id)
CREATE UNIQUE INDEX venture_applications_round_id_org_id_key ON venture_applications USING btree (round_id, org_id)
CREATE INDEX venture_experts_expert ON venture_experts USING btree (expert_id)
CREATE UNIQUE INDEX venture_experts_pkey ON venture_experts USING btree (round_id, expert_id)
CREATE UNIQUE INDEX venture_report_reminders_pkey ON venture_report_reminders USING btree (application_id, kind, stage)
CREATE INDEX venture_reports_application ON venture_reports USING btree (application_id)
CREATE UNIQUE INDEX venture_reports_pkey ON venture_reports USING btree (id)
CREATE UNIQUE INDEX venture_rounds_pkey ON venture_rounds USING btree (id)
CREATE INDEX venture_scores_expert ON venture_scores USING btree (expert_id)
CREATE UNIQUE INDEX venture_scores_pkey ON venture_scores USING btree (application_id, expert_id)

-- triggers
audit_log audit_log_no_change
audit_log audit_log_no_truncate

