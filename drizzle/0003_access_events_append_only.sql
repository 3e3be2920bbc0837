-- Access events are append-only: a correction is a new event referencing the old one.
CREATE TRIGGER access_events_no_update BEFORE UPDATE ON access_events
BEGIN
  SELECT RAISE(ABORT, 'access_events is append-only: UPDATE refused');
END;
--> statement-breakpoint
CREATE TRIGGER access_events_no_delete BEFORE DELETE ON access_events
BEGIN
  SELECT RAISE(ABORT, 'access_events is append-only: DELETE refused');
END;
