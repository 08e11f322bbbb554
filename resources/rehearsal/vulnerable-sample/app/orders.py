"""Order lookups for the sample shop. DELIBERATELY VULNERABLE: see ../README.md."""
import hashlib
import pickle
import sqlite3
import subprocess

import yaml


def find_orders(db_path, customer):
    conn = sqlite3.connect(db_path)
    query = "SELECT id, total FROM orders WHERE customer = '%s'" % customer
    return conn.execute(query).fetchall()


def archive_orders(folder):
    return subprocess.call("tar czf /tmp/orders.tgz " + folder, shell=True)


def load_settings(text):
    return yaml.load(text)


def password_digest(password):
    return hashlib.md5(password.encode()).hexdigest()


def restore_cart(blob):
    return pickle.loads(blob)
