INSERT INTO customers (id, name, email, phone, note) VALUES (1, 'Ann', 'ann@x.org', '555', 'n1');
INSERT INTO customers (id, name, email, phone, note) VALUES (2, 'Bo', 'bo@x.org', '556', 'n2');
INSERT INTO customers (id, name, email, phone, note) VALUES (3, 'Cy', 'cy@x.org', '557', 'n3');
