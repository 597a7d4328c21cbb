package notify

import "time"

// TrainingSessionChanged tells a mediator enrolled in a training session
// (internal/training) that its time or place changed before it began:
// where and when it now takes place, and when and where it was to.
type TrainingSessionChanged struct {
	Name     string
	Course   string
	At       time.Time // the new start
	Place    string    // the new place; "" for an online session
	Was      time.Time // the start before the change
	WasPlace string    // the place before the change; "" for online
	Link     string    // the session's page
}

func (TrainingSessionChanged) template() string { return "training_session_changed" }

// TrainingSessionCancelled tells a mediator enrolled in a training
// session (internal/training) that the organizer cancelled it, and why.
type TrainingSessionCancelled struct {
	Name   string
	Course string
	At     time.Time // when it was to begin
	Reason string    // the organizer's, as written
	Link   string    // the session's page
}

func (TrainingSessionCancelled) template() string { return "training_session_cancelled" }
