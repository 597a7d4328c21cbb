// Package tiaojie holds the domain of the mediation alliance platform: the
// types and pure rules that every capability shares (error kinds, roles and
// permissions, the district profile, identity-number checks, masking).
//
// The root package imports only the standard library. Services live in
// internal/<capability> packages, storage in internal/db, and the two thin
// front doors in internal/web (pages) and internal/api (JSON). A rule is
// written once, here or in a service, and both front doors call it.
package tiaojie
