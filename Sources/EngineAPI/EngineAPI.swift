enum EngineAPIModule {}
