"""Supplier types for spending imports: inferred from the name (inference), kept and
corrected in the dataset's suppliers.csv (register)."""

from opcc.importers.suppliers.inference import (
    PERSON_TYPES,
    TYPES,
    SupplierGuess,
    infer_supplier_type,
    looks_like_person,
)
from opcc.importers.suppliers.register import (
    Classification,
    SupplierRegister,
    read_register,
    write_register,
)

__all__ = ["PERSON_TYPES", "TYPES", "Classification", "SupplierGuess", "SupplierRegister",
           "infer_supplier_type", "looks_like_person", "read_register", "write_register"]
