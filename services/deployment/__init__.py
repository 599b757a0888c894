"""services/deployment"""
