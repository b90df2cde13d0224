"""Encryption and keyed hashing of identifying numbers (PIPL: 个人信息保护法 art. 51, encryption of sensitive data).

- The number itself is stored encrypted with Fernet (AES-128-CBC with HMAC-SHA256) under PII_ENCRYPTION_KEYS: the
  first key encrypts, all of them decrypt, so keys can be rotated.
- A keyed hash (HMAC-SHA256 under PII_HASH_KEY) is stored beside it, to find a person by exact number and to keep one
  person per number, without the number being readable from the database or guessable by hashing all 10^17 numbers.
"""

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings


@lru_cache(maxsize=1)
def _cipher(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def encrypt(plaintext: str) -> str:
    return _cipher(tuple(settings.PII_ENCRYPTION_KEYS)).encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    return _cipher(tuple(settings.PII_ENCRYPTION_KEYS)).decrypt(token.encode()).decode()


def keyed_hash(value: str) -> str:
    return hmac.new(settings.PII_HASH_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()
