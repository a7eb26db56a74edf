"""Which answers wait for the facilitator, and what Toestaan / Anonimiseren / Verbergen do."""
