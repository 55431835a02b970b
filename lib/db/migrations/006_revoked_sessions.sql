-- Sessions signed out before their cookie expires. The cookie is signed, not stored, so signing out must be
-- remembered on the server: every instance checks this table when a cookie authenticates a request. A row
-- is useless once the cookie has expired, so rows past expires_at are deleted on each new sign-out.
CREATE TABLE revoked_sessions (
  sid text PRIMARY KEY,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz NOT NULL DEFAULT now()
);
