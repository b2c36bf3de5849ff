--
-- automap: orm_automap() maps existing tables with a primary key and derives
-- relationships from their foreign keys, as sqlalchemy.ext.automap does
-- (classes named after tables; <class>_collection for one-to-many; an
-- association table of exactly two foreign keys becomes many-to-many).
--
\pset format unaligned

CREATE TABLE owner (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL);
CREATE TABLE pet (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL,
                  owner_id INTEGER REFERENCES owner (id));
CREATE TABLE toy (id INTEGER PRIMARY KEY, label VARCHAR(40));
CREATE TABLE pet_toy (pet_id INTEGER NOT NULL REFERENCES pet (id),
                      toy_id INTEGER NOT NULL REFERENCES toy (id),
                      PRIMARY KEY (pet_id, toy_id));
CREATE TABLE nokey (x INTEGER);
INSERT INTO owner VALUES (1, 'Olga');
INSERT INTO pet VALUES (1, 'Rex', 1), (2, 'Tom', 1);
INSERT INTO toy VALUES (1, 'ball'), (2, 'bone');
INSERT INTO pet_toy VALUES (1, 1), (1, 2), (2, 1);

SELECT orm_automap();
SELECT orm_select('select(owner).options(selectinload(owner.pet_collection).selectinload(pet.toy_collection))');
SELECT orm_select('select(pet.name, owner.name.label("owner_name")).join(pet.owner).order_by(pet.id)');
-- nothing new: an empty summary
SELECT orm_automap();

DROP TABLE pet_toy;
DROP TABLE toy;
DROP TABLE pet;
DROP TABLE owner;
DROP TABLE nokey;
DELETE FROM orm_registry;
