INSERT INTO stock (warehouse, sku, qty) VALUES ('w1', 'a', 5);
