"""Who gets into the facilitator's pages: logins, CSRF, accounts, login throttling, passwords."""
