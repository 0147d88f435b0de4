-- Several instances retry undelivered mail: each claims a message for a
-- while before sending it, so no message goes out twice.
ALTER TABLE outbox ADD COLUMN claimed_until TEXT;
