package web

import (
	"tiaojie"
	"tiaojie/internal/route"
)

// ratingRoutes registers the star rating pages (internal/rating, SPEC
// C7), one line each: the bureau's indicator sets and rounds; an
// organization admin's applications; an expert's assignments; the public
// results. The service checks the record's scope again (an admin sees
// their own organization's applications, an expert those assigned).
func (h *Handler) ratingRoutes(t *route.Table) {
	manage, apply, review, pub := tiaojie.PermRatings, tiaojie.PermRatingApply, tiaojie.PermExpertReview, tiaojie.PermPublic
	t.Handle("GET /staff/ratings", manage, h.wrap(h.staffRatings))
	t.Handle("POST /staff/ratings/rounds", manage, h.wrap(h.staffRatingRoundOpen))
	t.Handle("GET /staff/ratings/sets", manage, h.wrap(h.staffRatingSets))
	t.Handle("POST /staff/ratings/sets", manage, h.wrap(h.staffRatingSetCreate))
	t.Handle("GET /staff/ratings/sets/{id}", manage, h.wrap(h.staffRatingSet))
	t.Handle("POST /staff/ratings/sets/{id}", manage, h.wrap(h.staffRatingSetSave))
	t.Handle("POST /staff/ratings/sets/{id}/publish", manage, h.wrap(h.staffRatingSetPublish))
	t.Handle("GET /staff/ratings/rounds/{id}", manage, h.wrap(h.staffRatingRound))
	t.Handle("GET /staff/ratings/rounds/{id}/results.xlsx", manage, h.wrap(h.staffRatingExport))
	t.Handle("POST /staff/ratings/rounds/{id}/step", manage, h.wrap(h.staffRatingStep))
	t.Handle("GET /staff/ratings/applications/{id}", manage, h.wrap(h.ratingApplication("manager")))
	t.Handle("GET /staff/ratings/applications/{id}/evidence/{ev}", manage, h.wrap(h.ratingEvidence))
	t.Handle("POST /staff/ratings/applications/{id}/assign", manage, h.wrap(h.staffRatingAssign))
	t.Handle("POST /staff/ratings/applications/{id}/unassign", manage, h.wrap(h.staffRatingUnassign))
	t.Handle("POST /staff/ratings/objections/{id}/answer", manage, h.wrap(h.staffRatingAnswer))

	t.Handle("GET /staff/my-ratings", apply, h.wrap(h.myRatings))
	t.Handle("POST /staff/my-ratings", apply, h.wrap(h.myRatingApply))
	t.Handle("GET /staff/my-ratings/{id}", apply, h.wrap(h.ratingApplication("org")))
	t.Handle("POST /staff/my-ratings/{id}", apply, h.wrap(h.myRatingSelf))
	t.Handle("POST /staff/my-ratings/{id}/evidence", apply, h.wrap(h.myRatingEvidence))
	t.Handle("GET /staff/my-ratings/{id}/evidence/{ev}", apply, h.wrap(h.ratingEvidence))
	t.Handle("POST /staff/my-ratings/{id}/object", apply, h.wrap(h.myRatingObject))

	t.Handle("GET /staff/reviews", review, h.wrap(h.expertReviews))
	t.Handle("GET /staff/reviews/{id}", review, h.wrap(h.ratingApplication("expert")))
	t.Handle("POST /staff/reviews/{id}", review, h.wrap(h.expertScore))
	t.Handle("GET /staff/reviews/{id}/evidence/{ev}", review, h.wrap(h.ratingEvidence))

	t.Handle("GET /ratings", pub, h.wrap(h.pubRatings))
	t.Handle("GET /ratings/{id}", pub, h.wrap(h.pubRating))
}
