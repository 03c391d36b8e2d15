namespace ModelGen.Generator.Tests;

/// <summary>
/// The generated code names runtime enum members after the compiler's own (<c>ModelOutputKind.{kind}</c>,
/// <c>Initializer.{init}</c>, ...): every member of each compiler enum must exist in the runtime's, by name.
/// </summary>
public sealed class RuntimeContractTests
{
    public static TheoryData<Type, Type> Pairs => new()
    {
        { typeof(Compiler.Model.OutputKind), typeof(ModelOutputKind) },
        { typeof(Compiler.Model.Initializer), typeof(Architecture.Initializer) },
        { typeof(Compiler.Model.PoolingKind), typeof(Architecture.PoolingKind) },
        { typeof(Compiler.Model.GeluApproximation), typeof(Architecture.GeluApproximation) },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Compiler_and_runtime_enums_have_the_same_members(Type compiler, Type runtime) =>
        Assert.Equal(Enum.GetNames(compiler), Enum.GetNames(runtime));

    [Fact]
    public void Every_loss_the_compiler_knows_is_a_runtime_LossFunction() =>
        Assert.Equal(Enum.GetNames<Compiler.Model.LossKind>(), Enum.GetNames<LossFunction>());
}
