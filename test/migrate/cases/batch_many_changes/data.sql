INSERT INTO groups (id, name) VALUES (1, 'admins');
INSERT INTO users (id, login, fullname, age, legacy, score) VALUES (1, 'ann', 'Ann A', 30, 'x', 1.5);
INSERT INTO users (id, login, fullname, age, legacy, score) VALUES (2, 'bob', 'Bob B', 41, NULL, 2.25);
