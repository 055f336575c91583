-- Version 16: orders imported from a marketplace (external orders). Such an
-- order keeps the marketplace's amounts in data->'external' and has no quote
-- of kasir's (its breakdown is zero; its payment method is 'marketplace').
-- Its figures take the grand total from the total the marketplace reported;
-- net profit and cashback stay 0 (the marketplace settles them), so the
-- report counts these orders apart from kasir's own (ledger.Report's
-- marketplace figure) and the pending balance, which sums COD orders, never
-- reads them. The orders row keeps everything else; no new table.
CREATE OR REPLACE FUNCTION {s}.order_figures_of(o {s}.orders) RETURNS {s}.order_figures LANGUAGE sql IMMUTABLE AS $$
	SELECT coalesce(to_jsonb(o)->>'store_id', 'default'), o.id, o.placed_ns, o.status, o.payment_method,
		coalesce(o.data->'shipment'->>'courier', ''),
		coalesce((o.data->'external'->>'total')::bigint, (o.data->'breakdown'->>'grand_total')::bigint, 0),
		coalesce((o.data->'breakdown'->>'net_profit')::bigint, 0),
		coalesce((o.data->'breakdown'->>'shipping_cashback')::bigint, 0),
		lower(btrim(coalesce(o.data->>'airway_bill', '')))
$$;

-- External orders stored before this version (none are expected).
INSERT INTO {s}.order_figures SELECT (f).* FROM (SELECT {s}.order_figures_of(o) AS f FROM {s}.orders o WHERE o.data ? 'external') x
	ON CONFLICT (store_id, order_id) DO UPDATE SET grand_total = EXCLUDED.grand_total;
