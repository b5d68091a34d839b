enum EngineClientModule {}
