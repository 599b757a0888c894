"""services/aftercare"""
