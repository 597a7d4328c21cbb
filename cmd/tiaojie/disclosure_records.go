package main

import (
	"context"
	"strconv"
	"time"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/disclosure"
	"tiaojie/internal/supervision"
)

// sanctionRecords feeds an annual disclosure the organization's public
// record of sanctions and rewards of the year (supervision.Record), read
// in the filing's transaction: the disclosure.Records hook, wired here so
// that neither capability imports the other.
var sanctionRecords = disclosure.RecordsFunc(func(ctx context.Context, q db.Queryer, orgID int64, year int) ([]disclosure.Record, error) {
	y := strconv.Itoa(year)
	list, err := supervision.Record(ctx, q, orgID, y+"-01-01", y+"-12-31")
	if err != nil {
		return nil, err
	}
	out := make([]disclosure.Record, 0, len(list))
	for _, s := range list {
		at, _ := time.ParseInLocation(time.DateOnly, s.DecidedOn, tiaojie.Beijing())
		title := s.Title
		if title == "" {
			title = s.Reason
		}
		out = append(out, disclosure.Record{Kind: string(s.Kind), Title: title, Issuer: s.GrantedBy, At: at})
	}
	return out, nil
})
