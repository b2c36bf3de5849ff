INSERT INTO teams (id) VALUES (1);
INSERT INTO players (id, team_id, coach_id) VALUES (1, 1, 1);
