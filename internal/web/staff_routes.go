package web

import (
	"tiaojie"
	"tiaojie/internal/route"
)

// staffRoutes registers the staff pages of the registry, the roster
// (training included), the bureau's settings and the alliance content,
// one line each with the permission it requires. The services check the
// record's scope again (a township office sees its township's
// organizations only, an organization admin their own).
func (h *Handler) staffRoutes(t *route.Table) {
	t.Handle("GET /staff/orgs", tiaojie.PermOrgsRead, h.wrap(h.staffOrgs))
	t.Handle("GET /staff/orgs.xlsx", tiaojie.PermOrgsRead, h.wrap(h.staffOrgsExport))
	t.Handle("GET /staff/my-org", tiaojie.PermOrgsRead, h.wrap(h.staffMyOrg))
	t.Handle("GET /staff/orgs/new", tiaojie.PermOrgsCreate, h.wrap(h.staffOrgNew))
	t.Handle("POST /staff/orgs", tiaojie.PermOrgsCreate, h.wrap(h.staffOrgCreate))
	t.Handle("GET /staff/orgs/{id}", tiaojie.PermOrgsRead, h.wrap(h.staffOrg))
	t.Handle("POST /staff/orgs/{id}", tiaojie.PermOrgsEdit, h.wrap(h.staffOrgUpdate))
	t.Handle("GET /staff/orgs/{id}/logo", tiaojie.PermOrgsRead, h.wrap(h.staffOrgLogoFile))
	t.Handle("POST /staff/orgs/{id}/logo", tiaojie.PermOrgsEdit, h.wrap(h.orgUpload("logo", h.Registry.SetLogo)))
	t.Handle("GET /staff/orgs/{id}/seal", tiaojie.PermOrgsEdit, h.wrap(h.staffOrgSealFile))
	t.Handle("POST /staff/orgs/{id}/seal", tiaojie.PermOrgsEdit, h.wrap(h.orgUpload("seal", h.Registry.SetSeal)))
	t.Handle("POST /staff/orgs/{id}/registration", tiaojie.PermOrgsEdit, h.wrap(h.staffOrgRegistration))
	t.Handle("POST /staff/orgs/{id}/prereview", tiaojie.PermOrgsEdit, h.wrap(h.staffOrgPrereview))
	t.Handle("POST /staff/orgs/{id}/documents", tiaojie.PermOrgsEdit, h.wrap(h.staffOrgDocument))
	t.Handle("GET /staff/orgs/{id}/documents/{doc}", tiaojie.PermOrgsRead, h.wrap(h.staffOrgDocumentFile))
	t.Handle("POST /staff/orgs/{id}/lifecycle", tiaojie.PermOrgsLifecycle, h.wrap(h.staffOrgAct))
	t.Handle("POST /staff/orgs/{id}/featured", tiaojie.PermOrgsFeature, h.wrap(h.staffOrgFeature))
	t.Handle("POST /staff/orgs/{id}/fees", tiaojie.PermOrgsEdit, h.wrap(h.staffFeeSave))
	t.Handle("POST /staff/orgs/{id}/fees/{version}/publish", tiaojie.PermOrgsEdit, h.wrap(h.staffFeePublish))
	t.Handle("GET /staff/orgs/{id}/fees/calc", tiaojie.PermOrgsRead, h.wrap(h.staffFeeCalc))
	t.Handle("POST /staff/orgs/{id}/services", tiaojie.PermOrgsEdit, h.wrap(h.staffServiceAdd))
	t.Handle("POST /staff/orgs/{id}/services/{sid}", tiaojie.PermOrgsEdit, h.wrap(h.staffServiceUpdate))
	t.Handle("POST /staff/orgs/{id}/services/{sid}/delete", tiaojie.PermOrgsEdit, h.wrap(h.staffServiceDelete))

	t.Handle("GET /staff/prereview", tiaojie.PermOrgsLifecycle, h.wrap(h.staffPrereview))

	t.Handle("GET /staff/mediators", tiaojie.PermMediatorsRead, h.wrap(h.staffMediators))
	t.Handle("GET /staff/mediators.xlsx", tiaojie.PermMediatorsRead, h.wrap(h.staffMediatorsExport))
	t.Handle("GET /staff/mediators/new", tiaojie.PermMediatorsEdit, h.wrap(h.staffMediatorNew))
	t.Handle("POST /staff/mediators", tiaojie.PermMediatorsEdit, h.wrap(h.staffMediatorCreate))
	t.Handle("GET /staff/mediators/{id}", tiaojie.PermMediatorsRead, h.wrap(h.staffMediator))
	t.Handle("POST /staff/mediators/{id}", tiaojie.PermMediatorsEdit, h.wrap(h.staffMediatorUpdate))
	t.Handle("GET /staff/mediators/{id}/photo", tiaojie.PermMediatorsRead, h.wrap(h.staffMediatorPhotoFile))
	t.Handle("POST /staff/mediators/{id}/photo", tiaojie.PermMediatorsEdit, h.wrap(h.staffMediatorPhoto))
	t.Handle("POST /staff/mediators/{id}/status", tiaojie.PermMediatorsStatus, h.wrap(h.staffMediatorStatus))
	t.Handle("POST /staff/mediators/{id}/reveal", tiaojie.PermMediatorsRead, h.wrap(h.staffMediatorReveal))
	t.Handle("POST /staff/mediators/{id}/training", tiaojie.PermMediatorsEdit, h.wrap(h.staffMediatorTraining))

	t.Handle("GET /staff/settings", tiaojie.PermPolicy, h.wrap(h.staffSettings))
	t.Handle("POST /staff/settings", tiaojie.PermPolicy, h.wrap(h.staffSettingsSave))

	t.Handle("GET /staff/content", tiaojie.PermContentEdit, h.wrap(h.staffContent))
	t.Handle("GET /staff/content/new", tiaojie.PermContentEdit, h.wrap(h.staffArticleNew))
	t.Handle("POST /staff/content", tiaojie.PermContentEdit, h.wrap(h.staffArticleCreate))
	t.Handle("GET /staff/content/{id}", tiaojie.PermContentEdit, h.wrap(h.staffArticle))
	t.Handle("POST /staff/content/{id}", tiaojie.PermContentEdit, h.wrap(h.staffArticleUpdate))
	t.Handle("GET /staff/content/{id}/cover", tiaojie.PermContentEdit, h.wrap(h.staffArticleCoverFile))
	t.Handle("POST /staff/content/{id}/cover", tiaojie.PermContentEdit, h.wrap(h.staffArticleCover))
	t.Handle("POST /staff/content/{id}/status", tiaojie.PermContentEdit, h.wrap(h.staffArticleStatus))
	t.Handle("POST /staff/content/{id}/pictures", tiaojie.PermContentEdit, h.wrap(h.staffArticlePictureAdd))
	t.Handle("GET /staff/content/{id}/pictures/{picture}", tiaojie.PermContentEdit, h.wrap(h.staffArticlePictureFile))
	t.Handle("POST /staff/content/{id}/pictures/{picture}/delete", tiaojie.PermContentEdit, h.wrap(h.staffArticlePictureRemove))
}
