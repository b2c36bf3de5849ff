INSERT INTO shops (id, name, city) VALUES (1, 'corner', 'Oslo');
INSERT INTO items (id, shop_id, price, name) VALUES (1, 1, 10, 'tea');
INSERT INTO items (id, shop_id, price, name) VALUES (2, 1, 12, 'coffee');
