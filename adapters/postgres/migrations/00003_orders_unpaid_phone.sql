-- Version 3: a buyer's orders waiting for payment, counted by phone.
CREATE INDEX IF NOT EXISTS orders_unpaid_phone ON {s}.orders (phone_digits) WHERE status = 'pending_payment';
