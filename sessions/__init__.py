"""The domain and the session library; never imports Flask.

Rooms: `files/` (session files), `store/` (SQL), `screening/` (personal details), `review/`
(held answers); the live rules, aggregates and snapshots sit at the top.
"""
