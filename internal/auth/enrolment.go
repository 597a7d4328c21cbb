package auth

import (
	"context"

	"tiaojie"
)

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
