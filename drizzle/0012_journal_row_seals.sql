ALTER TABLE `journal` ADD `row_seals` text;--> statement-breakpoint
-- Append-only tables refuse REPLACE too (issue 14). `INSERT OR REPLACE` and `REPLACE INTO` delete the row
-- they collide with, and SQLite fires no DELETE trigger for that unless recursive_triggers is on (the
-- server turns it on; a sqlite3 shell does not): these guards refuse the insert itself on a collision with
-- the primary key or a unique key. An UPSERT's DO UPDATE still meets the UPDATE triggers.
CREATE TRIGGER journal_no_replace BEFORE INSERT ON journal
WHEN EXISTS (SELECT 1 FROM journal WHERE seq = NEW.seq)
BEGIN
  SELECT RAISE(ABORT, 'journal is append-only: REPLACE refused');
END;
--> statement-breakpoint
CREATE TRIGGER access_events_no_replace BEFORE INSERT ON access_events
WHEN EXISTS (SELECT 1 FROM access_events WHERE id = NEW.id)
  OR EXISTS (SELECT 1 FROM access_events WHERE idempotency_scope = NEW.idempotency_scope AND idempotency_key = NEW.idempotency_key)
BEGIN
  SELECT RAISE(ABORT, 'access_events is append-only: REPLACE refused');
END;
--> statement-breakpoint
CREATE TRIGGER movements_no_replace BEFORE INSERT ON movements
WHEN EXISTS (SELECT 1 FROM movements WHERE id = NEW.id)
  OR EXISTS (SELECT 1 FROM movements WHERE idempotency_scope = NEW.idempotency_scope AND idempotency_key = NEW.idempotency_key)
BEGIN
  SELECT RAISE(ABORT, 'movements is append-only: REPLACE refused');
END;
--> statement-breakpoint
-- A sign-off is never rewritten or removed; the one change it takes is being superseded, once.
CREATE TRIGGER ledger_signoffs_no_replace BEFORE INSERT ON ledger_signoffs
WHEN EXISTS (SELECT 1 FROM ledger_signoffs WHERE id = NEW.id)
BEGIN
  SELECT RAISE(ABORT, 'ledger_signoffs is append-only: REPLACE refused');
END;
--> statement-breakpoint
CREATE TRIGGER ledger_signoffs_no_update BEFORE UPDATE ON ledger_signoffs
WHEN OLD.superseded_at IS NOT NULL OR NEW.superseded_at IS NULL
  OR NEW.id IS NOT OLD.id OR NEW.area_id IS NOT OLD.area_id OR NEW.day IS NOT OLD.day OR NEW.ledger IS NOT OLD.ledger
  OR NEW.digest IS NOT OLD.digest OR NEW.person_id IS NOT OLD.person_id OR NEW.credential_id IS NOT OLD.credential_id
  OR NEW.signed_at IS NOT OLD.signed_at
BEGIN
  SELECT RAISE(ABORT, 'ledger_signoffs is append-only: only superseding a sign-off is allowed');
END;
--> statement-breakpoint
CREATE TRIGGER ledger_signoffs_no_delete BEFORE DELETE ON ledger_signoffs
BEGIN
  SELECT RAISE(ABORT, 'ledger_signoffs is append-only: DELETE refused');
END;
