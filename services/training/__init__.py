"""services/training"""
