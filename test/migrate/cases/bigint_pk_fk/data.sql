INSERT INTO tenants (id, name) VALUES (1, 't1');
INSERT INTO members (id, tenant_id, score) VALUES (1, 1, 10);
INSERT INTO members (id, tenant_id, score) VALUES (2, 1, 20);
