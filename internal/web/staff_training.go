package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/roster"
)

// trainingView is the training section of the staff mediator page: the
// records, the hours of the last 12 months against the bureau's
// requirement, and the form that records a training for those who may
// edit the mediator.
type trainingView struct {
	Rows     []trainingRow
	Hours    int
	Required int
	Short    bool
	From, To string
	Form     *formView
}

// trainingRow is one record as the table shows it.
type trainingRow struct {
	HeldOn     string
	Title      string
	Hours      int
	Recorder   string
	RecordedAt time.Time
}

// trainingOf builds the training section of mediator id; withForm adds
// the form (the caller may edit the mediator), live when the form was
// just refused.
func (h *Handler) trainingOf(r *http.Request, p *Page, id int64, withForm, live bool) (*trainingView, error) {
	list, sum, err := h.Roster.Training(r.Context(), p.User, id)
	if err != nil {
		return nil, err
	}
	v := &trainingView{Hours: sum.Hours, Required: sum.Required, Short: sum.Short(),
		From: sum.From.Format(time.DateOnly), To: sum.To.Format(time.DateOnly)}
	for _, t := range list {
		v.Rows = append(v.Rows, trainingRow{HeldOn: t.HeldOn.Format(time.DateOnly), Title: t.Title, Hours: t.Hours,
			Recorder: t.Recorder, RecordedAt: t.RecordedAt})
	}
	if withForm {
		v.Form = h.formOf(p, "training", live).
			text("title", "text", "training.f.title", "", "required", "hint=training.f.title_hint").
			text("held_on", "date", "training.f.held_on", "", "required").
			text("hours", "number", "training.f.hours", "", "required", "inputmode=numeric", "hint=training.f.hours_hint").done()
	}
	return v, nil
}

// staffMediatorTraining records a training the mediator attended.
func (h *Handler) staffMediatorTraining(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	in, err := trainingInputOf(r)
	if err == nil {
		_, err = h.Roster.RecordTraining(r.Context(), auth.PrincipalFrom(r.Context()), id, in)
	}
	if err != nil {
		return h.mediatorFormError(w, r, "training", err)
	}
	return redirect(w, r, "/staff/mediators/"+itoa64(id)+"?done=training#training")
}

// trainingInputOf reads the training form. An empty date or hours field
// is left for the service to name; a date that is not one is refused here.
func trainingInputOf(r *http.Request) (roster.TrainingInput, error) {
	f := r.PostForm
	in := roster.TrainingInput{Title: f.Get("title")}
	in.Hours, _ = strconv.Atoi(strings.TrimSpace(f.Get("hours")))
	if s := strings.TrimSpace(f.Get("held_on")); s != "" {
		t, err := time.ParseInLocation(time.DateOnly, s, tiaojie.Beijing())
		if err != nil {
			var fe tiaojie.FieldErrors
			fe.Add("held_on", "training.held_on_invalid")
			return in, fe.Err()
		}
		in.HeldOn = t
	}
	return in, nil
}
