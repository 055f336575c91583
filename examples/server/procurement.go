package main

import (
	"fmt"
	"os"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/internal/strictjson"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/procurement"
)

// procurementFile is the JSON file of -procurement: the platform's terms
// for procurement purchases (docs/procurement.md).
type procurementFile struct {
	Platform struct {
		Name         string     `json:"name"`
		NPWP         string     `json:"npwp"`
		FeeFixed     int64      `json:"fee_fixed"`
		FeePercent   money.Rate `json:"fee_percent"`
		PPNPercent   money.Rate `json:"ppn_percent"`
		DPPFactor    money.Rate `json:"dpp_factor"`
		PPh23Percent money.Rate `json:"pph23_percent"`
	} `json:"platform"`
	// PaymentTerms are the terms in days the platform allows; absent:
	// cash and 7, 14, 30 or 60 days.
	PaymentTerms []int `json:"payment_terms"`
}

// newProcurement is the platform's procurement when the server serves many
// stores (-platform-key): purchases from several of its stores, with the
// terms of the -procurement file (none: no transaction fee). nil without a
// platform key.
func newProcurement(cfg config, stores *kasir.Stores, platform ports.Platform) (*kasir.Procurement, error) {
	if cfg.platformKey == "" {
		return nil, nil
	}
	records, ok := platform.(ports.Procurement)
	if !ok {
		return nil, fmt.Errorf("the store keeps no procurement records")
	}
	var f procurementFile
	if cfg.procurementPath != "" {
		data, err := os.ReadFile(cfg.procurementPath)
		if err != nil {
			return nil, fmt.Errorf("-procurement: %w", err)
		}
		if err := strictjson.Decode(data, &f); err != nil {
			return nil, fmt.Errorf("-procurement %s: %w", cfg.procurementPath, err)
		}
	}
	p := f.Platform
	procure, err := kasir.NewProcurement(stores, records, kasir.ProcurementConfig{
		Platform: procurement.Platform{Name: p.Name, NPWP: p.NPWP, FeeFixed: money.Money(p.FeeFixed), FeePercent: p.FeePercent,
			PPNPercent: p.PPNPercent, DPPFactor: p.DPPFactor, PPh23Percent: p.PPh23Percent},
		PaymentTerms: f.PaymentTerms,
	})
	if err != nil {
		return nil, fmt.Errorf("-procurement %s: %w", cfg.procurementPath, err)
	}
	return procure, nil
}
