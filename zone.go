package tiaojie

import "time"

// Beijing is the time zone the platform shows times in (China Standard
// Time, UTC+8, which has had no daylight saving since 1991). Times are
// stored in UTC; a fixed zone needs no tzdata on the server.
func Beijing() *time.Location { return time.FixedZone("CST", 8*3600) }
