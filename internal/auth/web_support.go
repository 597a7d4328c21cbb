package auth

import (
	"context"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/db"
)

// UpdateNameEmail changes a user's name and email and leaves the phone as
// it is. The pages never hold a phone number in clear (they show it
// masked), so a profile form whose phone field is left empty means "keep
// the number", which UpdateProfile cannot express. The rules are
// UpdateProfile's: a user may change their own; users.manage anyone's.
func (s *Service) UpdateNameEmail(ctx context.Context, p *tiaojie.Principal, id int64, name, email string) error {
	if id != p.UserID && !p.Can(tiaojie.PermUsersManage) {
		return s.deny(ctx, p, "user.update", tiaojie.PermUsersManage)
	}
	noPhone := ""
	if fe := validateProfile(&name, &email, &noPhone); len(fe) > 0 {
		return fe.Err()
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET display_name = $1, email = $2, updated_at = $3 WHERE id = $4`,
			name, email, s.now(), id)
		if err := mustAffect(res, err); err != nil {
			return err
		}
		return s.record(ctx, tx, p, audit.Event{Action: "user.update", ObjectType: "user", ObjectID: itoa(id)})
	})
}

// PendingEnrolment returns the caller's second-factor state: whether it is
// enabled and, when an enrolment was begun and not yet confirmed, its
// secret and otpauth URL. The enrolment page needs it to show the secret
// again after a wrong code or a reload, without starting over (which would
// invalidate what the user has just scanned).
func (s *Service) PendingEnrolment(ctx context.Context, p *tiaojie.Principal) (e Enrolment, enabled bool, err error) {
	if !p.Can(tiaojie.PermPending) {
		return Enrolment{}, false, tiaojie.E(tiaojie.Unauthorized, "auth.login_required")
	}
	secret, _, enabled, err := s.totpState(ctx, p.UserID)
	if err != nil || enabled || secret == "" {
		return Enrolment{}, enabled, err
	}
	k, err := s.otpKey(p.Name, secret)
	if err != nil {
		return Enrolment{}, false, err
	}
	return Enrolment{Secret: secret, URL: k.URL()}, false, nil
}
