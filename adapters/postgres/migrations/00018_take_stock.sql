-- Version 18: take_stock, the stock update of an order placed with its
-- check in the same statement, so that a unit can send it with its next
-- statement instead of first locking and reading the rows (Tx.TakeStock).
-- It takes units[i] of variant ids[i] (distinct, sorted, so that units
-- lock rows in one order) of the store's stock rows, all or nothing:
-- when a variant has no row or fewer units than asked, it takes nothing
-- and raises SQLSTATE KS001, which the unit answers by running again with
-- the rows locked and read first, for the exact error.
CREATE FUNCTION {s}.take_stock(p_store text, p_ids text[], p_units bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	taken int;
BEGIN
	UPDATE {s}.stock AS s SET available = s.available - d.units
		FROM unnest(p_ids, p_units) AS d (variant_id, units)
		WHERE s.store_id = p_store AND s.variant_id = d.variant_id AND s.available >= d.units;
	GET DIAGNOSTICS taken = ROW_COUNT;
	IF taken < cardinality(p_ids) THEN
		RAISE EXCEPTION 'kasir: a variant has too few units to take' USING ERRCODE = 'KS001';
	END IF;
END $$;
