package webui

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/kasir-id/kasir/checkout"
)

func TestTrackingNewestFirstWithPlace(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	o := &checkout.Order{Tracking: []checkout.TrackingRecord{
		{TrackingEvent: checkout.TrackingEvent{Text: "Paket diambil kurir", At: t0, Place: "Bandung"}},
		{TrackingEvent: checkout.TrackingEvent{Text: "Paket diterima oleh YANTI", At: t0.Add(26 * time.Hour)}},
		{TrackingEvent: checkout.TrackingEvent{Text: "Paket di gudang transit", At: t0.Add(5 * time.Hour), Place: "Cikampek"}},
	}}
	rows := tracking(o)
	assert.Equal(t, []trackingRow{
		{At: t0.Add(26 * time.Hour), Text: "Paket diterima oleh YANTI"},
		{At: t0.Add(5 * time.Hour), Text: "Paket di gudang transit — Cikampek"},
		{At: t0, Text: "Paket diambil kurir — Bandung"},
	}, rows)
	assert.Nil(t, tracking(&checkout.Order{}))
}
