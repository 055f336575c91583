-- Version 5: a voucher is listed to buyers only when the seller marks it
-- public; existing vouchers stay private.
ALTER TABLE {s}.vouchers ADD COLUMN IF NOT EXISTS public boolean NOT NULL DEFAULT false;
