-- Movements are append-only, like access events: what crossed the door is never rewritten.
CREATE TRIGGER movements_no_update BEFORE UPDATE ON movements
BEGIN
  SELECT RAISE(ABORT, 'movements is append-only: UPDATE refused');
END;
--> statement-breakpoint
CREATE TRIGGER movements_no_delete BEFORE DELETE ON movements
BEGIN
  SELECT RAISE(ABORT, 'movements is append-only: DELETE refused');
END;
