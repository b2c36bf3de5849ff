INSERT INTO logs (id, level, source, msg, host) VALUES (1, 'info', 'app', 'started', 'h1');
INSERT INTO logs (id, level, source, msg, host) VALUES (2, 'warn', 'db', 'slow', NULL);
